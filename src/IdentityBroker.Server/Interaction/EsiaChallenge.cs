using IdentityBroker.Core.Interaction;
using IdentityBroker.Core.Protocol;
using IdentityBroker.Esia;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Interaction.Steps;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Regions;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// Sends the user to ESIA with the region's own registration (R-REGION-1): a new sign-in transaction at
/// <see cref="SignInStep.Esia"/> whose random id is the UUID <c>state</c> (ESIA.md §2.1), holding the authorization request
/// server-side and bound to this browser (<see cref="BrowserBinding"/>). If the request to ESIA cannot be prepared (the
/// remote signer is unreachable, or fails), the failure is read as at the callback (<see cref="EsiaStep.RefuseAsync"/>):
/// an outage gets esia_unavailable with the password fallback where the region allows it (R-REGION-3), anything else its
/// refusal; audited with the detail "at_redirect".
/// </summary>
internal sealed class EsiaChallenge(
    ISignInTransactionStore transactions,
    IEsiaClient esia,
    SignInInteraction interaction,
    EsiaStep esiaStep,
    SignInPages pages,
    IOptions<BrokerOptions> options,
    TimeProvider time)
{
    public async Task<IResult> StartAsync(HttpContext context, RegionEntry region, AuthorizationRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var transaction = new SignInTransaction(
            Guid.NewGuid(), BrowserBinding.GetOrCreateHash(context), request, SignInStep.Esia, 0, null, now, now + options.Value.EsiaRoundTripLifetime);
        await transactions.CreateAsync(transaction, cancellationToken);
        Uri url;
        try
        {
            url = await esia.BuildAuthorizationUrlAsync(region.Region.Code, region.Esia, transaction.Id, now, cancellationToken);
        }
        catch (EsiaException failure)
        {
            var signIn = new SignInContext(transaction, region, new SignInProgress());
            var outcome = await esiaStep.RefuseAsync(signIn, failure, atRedirect: true, cancellationToken);
            return await pages.RenderAsync(context, await interaction.ActOnAsync(signIn, outcome, cancellationToken));
        }

        return new NoStoreRedirect(url.AbsoluteUri);
    }
}
