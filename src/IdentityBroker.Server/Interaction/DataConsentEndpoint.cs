using IdentityBroker.Core.Directory;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Core.Stores;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// <c>POST /signin/consent</c> (R-CONSENT-1): the person accepted or declined the consent text. The protected state
/// (<see cref="ProtectedFormState{T}"/>, <see cref="FormStatePurpose.DataConsent"/>) must be valid, unexpired, of this browser and unused; the diary account is re-loaded
/// from the directory and must still be usable. Accept → recorded (time, version, client) and audited, then the sign-in
/// finishes (<see cref="SignInFlow.FinishAsync"/>). Decline → audited, the refusal page with "return to the diary"
/// carrying <c>access_denied</c> in the client's response mode (<see cref="SignInRefusals"/>).
/// </summary>
internal static class DataConsentEndpoint
{
    public const string Route = "/signin/consent";

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost(Route, HandleAsync).DisableAntiforgery(); // bound to the browser and single-use instead: see FormStatePurpose.DataConsent

    private static async Task<IResult> HandleAsync(
        HttpContext context, ProtectedFormState<PendingDataConsent> forms, IDiaryDirectory directory, IDataConsentStore consents,
        IAuditLog audit, IUnitOfWork unitOfWork, SignInFlow flow, SignInRefusals refusals, TimeProvider time, ILogger<DataConsentGate> logger,
        CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType)
        {
            DataConsentLog.AnswerRefused(logger, "not a form post");
            return DataConsentPages.Expired("invalid_consent_state");
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var decision = form["decision"].ToString();
        if (decision is not ("accept" or "decline"))
        {
            DataConsentLog.AnswerRefused(logger, "no decision");
            return DataConsentPages.Expired("invalid_consent_decision");
        }

        // Single use: a second post of the same form (any replica) reads as expired; so does one from another browser.
        var pending = await forms.ConsumeAsync(form["consent"], p => BrowserBinding.Matches(context, p.BrowserBindingHash), cancellationToken);
        if (pending is null)
        {
            DataConsentLog.AnswerRefused(logger, "state missing, expired, tampered with, already used or bound to another browser");
            return DataConsentPages.Expired("invalid_consent_state");
        }

        var now = time.GetUtcNow();
        var request = pending.Request;
        var account = await directory.GetAsync(request.RegionCode, pending.AccountId, cancellationToken);
        if (account is null || !Core.SignIn.Rules.AccountStatusRule.IsUsable(account))
        {
            DataConsentLog.AnswerRefused(logger, "diary account no longer usable");
            return DataConsentPages.Expired("invalid_consent_state");
        }

        var person = pending.Authentication.AuditPerson;
        if (decision == "accept")
        {
            // Issue #10 item 6: the consent and its audit record are one transaction (IUnitOfWork).
            var consent = await unitOfWork.RunAsync(async ct =>
            {
                var granted = await consents.GrantAsync(request.RegionCode, pending.Authentication.EsiaSubjectHash, pending.TextVersion, request.ClientId, now, ct);
                await audit.RecordAsync(AuditRecord.DataConsent(now, request.RegionCode, request.ClientId, AuditOutcomes.Granted, account.Id, person, "version=" + granted.TextVersion), ct);
                return granted;
            }, cancellationToken);
            DataConsentLog.Granted(logger, consent.TextVersion, account.Id, request.RegionCode, request.ClientId);
            return await flow.FinishAsync(context, request, account, pending.RuleId, pending.Authentication, cancellationToken);
        }

        // The decline and the refused sign-in are one transaction (issue #10 item 6), written by the one refusal renderer.
        var declined = AuditRecord.DataConsent(now, request.RegionCode, request.ClientId, AuditOutcomes.Declined, account.Id, person, "version=" + pending.TextVersion);
        var refusal = await refusals.RecordAsync(request, DataConsentGate.DeclinedReason, RuleIds.Consent1, person, cancellationToken, account.Id, alongside: [declined]);
        DataConsentLog.Declined(logger, pending.TextVersion, account.Id, request.RegionCode, request.ClientId, refusal.ReferenceNumber);
        return DataConsentPages.Declined(refusal);
    }
}
