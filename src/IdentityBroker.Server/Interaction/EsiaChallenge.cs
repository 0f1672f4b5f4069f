using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.Stores;
using IdentityBroker.Esia;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Regions;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// Sends the user to ESIA with the region's own registration (R-REGION-1): a fresh UUID state (ESIA.md §2.1), the
/// authorization request kept server-side in PostgreSQL and bound to this browser (<see cref="BrowserBinding"/>).
/// If the request to ESIA cannot be prepared (the remote signer is unreachable, or fails), the user gets a refusal page,
/// esia_unavailable with the password fallback where the region allows it (R-REGION-3, <see cref="PasswordFallbackOffer"/>).
/// </summary>
internal sealed class EsiaChallenge(IPendingSignInStore pending, IEsiaClient esia, PasswordFallbackOffer fallbacks, IOptions<BrokerOptions> options, TimeProvider time)
{
    public async Task<IResult> StartAsync(HttpContext context, RegionEntry region, AuthorizationRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var state = Guid.NewGuid();
        var binding = BrowserBinding.GetOrCreateHash(context);
        await pending.SaveAsync(new PendingSignIn(state, binding, request, now, now + options.Value.EsiaRoundTripLifetime), cancellationToken);
        Uri url;
        try
        {
            url = await esia.BuildAuthorizationUrlAsync(region.Region.Code, region.Esia, state, now, cancellationToken);
        }
        catch (EsiaException ex)
        {
            return await fallbacks.RefuseAtChallengeAsync(context, region, request, binding, ex, cancellationToken);
        }

        return new NoStoreRedirect(url.AbsoluteUri);
    }
}
