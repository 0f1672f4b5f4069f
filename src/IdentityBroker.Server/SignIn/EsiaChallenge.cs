using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.Stores;
using IdentityBroker.Esia;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Regions;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.SignIn;

/// <summary>
/// Sends the user to ESIA with the region's own registration (R-REGION-1): a fresh UUID state (ESIA.md §2.1), the
/// authorization request kept server-side in PostgreSQL and bound to this browser (<see cref="BrowserBinding"/>).
/// </summary>
internal sealed class EsiaChallenge(IPendingSignInStore pending, IEsiaClient esia, IOptions<BrokerOptions> options, TimeProvider time)
{
    public async Task<IResult> StartAsync(HttpContext context, RegionEntry region, AuthorizationRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var state = Guid.NewGuid();
        var binding = BrowserBinding.GetOrCreateHash(context);
        await pending.SaveAsync(new PendingSignIn(state, binding, request, now, now + options.Value.EsiaRoundTripLifetime), cancellationToken);
        var url = await esia.BuildAuthorizationUrlAsync(region.Region.Code, region.Esia, state, now, cancellationToken);
        return new NoStoreRedirect(url.AbsoluteUri);
    }
}
