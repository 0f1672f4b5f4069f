using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Consent;
using IdentityBroker.Server.Protocol.Responses;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.SignIn;

/// <summary>
/// <c>POST /signin/consent</c> (R-CONSENT-1): the person accepted or declined the consent text. The protected state
/// (<see cref="DataConsentProtector"/>) must be valid, unexpired, of this browser and unused; the diary account is re-loaded
/// from the directory and must still be usable. Accept → recorded (time, version, client) and audited, then the sign-in
/// finishes (<see cref="SignInFlow.FinishAsync"/>). Decline → audited, the refusal page with "return to the diary"
/// carrying <c>access_denied</c>.
/// </summary>
internal static class DataConsentEndpoint
{
    public const string Route = "/signin/consent";

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost(Route, HandleAsync).DisableAntiforgery(); // bound to the browser and single-use instead: see DataConsentProtector

    private static async Task<IResult> HandleAsync(
        HttpContext context, DataConsentProtector protector, IReplayCache replays, IDiaryDirectory directory, IDataConsentStore consents,
        IAuditLog audit, IUnitOfWork unitOfWork, SignInFlow flow, IOptions<BrokerOptions> options, TimeProvider time, ILogger<DataConsentGate> logger,
        CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType)
        {
            DataConsentLog.AnswerRefused(logger, "not a form post");
            return DataConsentPages.Expired("invalid_consent_state");
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var pending = protector.Unprotect(form["consent"]);
        if (pending is null || !BrowserBinding.Matches(context, pending.BrowserBindingHash))
        {
            DataConsentLog.AnswerRefused(logger, pending is null ? "state missing, expired or tampered with" : "state bound to another browser");
            return DataConsentPages.Expired("invalid_consent_state");
        }

        var decision = form["decision"].ToString();
        if (decision is not ("accept" or "decline"))
        {
            DataConsentLog.AnswerRefused(logger, "no decision");
            return DataConsentPages.Expired("invalid_consent_decision");
        }

        var now = time.GetUtcNow();
        if (!await replays.TryAddAsync("data-consent:" + pending.Id, now + DataConsentProtector.Lifetime, cancellationToken))
        {
            DataConsentLog.AnswerRefused(logger, "state already used");
            return DataConsentPages.Expired("invalid_consent_state");
        }

        var request = pending.Request;
        var account = await directory.GetAsync(request.RegionCode, pending.AccountId, cancellationToken);
        if (account is null || !Core.SignIn.Rules.AccountStatusRule.IsUsable(account))
        {
            DataConsentLog.AnswerRefused(logger, "diary account no longer usable");
            return DataConsentPages.Expired("invalid_consent_state");
        }

        var subject = pending.Authentication.EsiaSubjectHash;
        if (decision == "accept")
        {
            // Issue #10 item 6: the consent and its audit record are one transaction (IUnitOfWork).
            var consent = await unitOfWork.RunAsync(async ct =>
            {
                var granted = await consents.GrantAsync(request.RegionCode, subject, pending.TextVersion, request.ClientId, now, ct);
                await audit.RecordAsync(WithPersonKeys(new AuditRecord(now, AuditEventTypes.DataConsent, request.RegionCode, request.ClientId, "granted", DataConsentGate.RuleId,
                    account.Id, subject, null, "version=" + granted.TextVersion), pending.Authentication), ct);
                return granted;
            }, cancellationToken);
            DataConsentLog.Granted(logger, consent.TextVersion, account.Id, request.RegionCode, request.ClientId);
            return await flow.FinishAsync(context, request, account, pending.RuleId, pending.Authentication, cancellationToken);
        }

        var reference = ReferenceNumber.New();
        await unitOfWork.RunAsync(async ct =>
        {
            await audit.RecordAsync(WithPersonKeys(new AuditRecord(now, AuditEventTypes.DataConsent, request.RegionCode, request.ClientId, "declined", DataConsentGate.RuleId,
                account.Id, subject, null, "version=" + pending.TextVersion), pending.Authentication), ct);
            await audit.RecordAsync(WithPersonKeys(new AuditRecord(now, AuditEventTypes.SignIn, request.RegionCode, request.ClientId, DataConsentGate.DeclinedReason, DataConsentGate.RuleId,
                account.Id, subject, reference, null), pending.Authentication), ct);
        }, cancellationToken);
        DataConsentLog.Declined(logger, pending.TextVersion, account.Id, request.RegionCode, request.ClientId, reference);
        return DataConsentPages.Declined(reference, ReturnUrl(request, options.Value.Issuer));
    }

    /// <summary>R-ERR-1: the person's keyed hashes, so school staff find the decline by SNILS or name + birth date.</summary>
    private static AuditRecord WithPersonKeys(AuditRecord record, Authentication person) =>
        record with { PersonSnilsHash = person.PersonSnilsHash, PersonNameBirthHash = person.PersonNameBirthHash };

    /// <summary>Like every refusal (SignInFlow.RefuseAsync): the client learns access_denied, with its state, in query mode.</summary>
    private static string? ReturnUrl(AuthorizationRequest request, string issuer) => request.ResponseMode == "query"
        ? AuthorizeResponse.ErrorUrl(request.RedirectUri, Protocol.OAuthErrors.AccessDenied, DataConsentGate.DeclinedReason, request.State, issuer)
        : null;
}
