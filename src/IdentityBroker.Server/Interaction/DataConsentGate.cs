using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Interaction.Consent;
using IdentityBroker.Server.Regions;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// R-CONSENT-1, gate (6) of <see cref="SignInFlow.EnterAsync"/>: a person without an active consent to the version of the
/// text in force (<see cref="DataConsentText"/>) for their ESIA person in the region is shown the consent page before the
/// broker session and the code; the sign-in continues at <see cref="DataConsentEndpoint"/>. Asked once per person, region
/// and text version, whichever client and diary account they sign in with.
/// </summary>
internal sealed class DataConsentGate(
    IDataConsentStore consents, DataConsentText text, ProtectedFormState<PendingDataConsent> forms, RegionCatalog catalog, ILogger<DataConsentGate> logger)
{
    /// <summary>The reason code of a sign-in refused because the person declined (not a code of the requirements' table).</summary>
    public const string DeclinedReason = AuditOutcomes.DataConsentDeclined;

    /// <returns>Null when the person has consented to the current version (the sign-in goes on); otherwise the consent page.</returns>
    public async Task<IResult?> CheckAsync(
        HttpContext context, AuthorizationRequest request, DiaryAccount chosen, string ruleId, EsiaAuthentication authentication, CancellationToken cancellationToken)
    {
        var active = await consents.FindActiveAsync(request.RegionCode, authentication.EsiaSubjectHash, cancellationToken);
        if (active is not null && string.Equals(active.TextVersion, text.Version, StringComparison.Ordinal))
        {
            return null;
        }

        var pending = new PendingDataConsent(
            request, chosen.Id, ruleId, authentication, BrowserBinding.GetOrCreateHash(context), text.Version);
        DataConsentLog.Asked(logger, text.Version, chosen.Id, request.RegionCode, request.ClientId);
        return DataConsentPages.Ask(forms.Protect(pending), text, ClientName(request.ClientId), isNewVersion: active is not null);
    }

    private string ClientName(string clientId) => catalog.FindClient(clientId)?.DisplayName ?? "электронный дневник";
}
