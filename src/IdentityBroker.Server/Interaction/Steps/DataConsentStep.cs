using IdentityBroker.Core.Consent;
using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Interaction;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Core.SignIn.Rules;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Interaction.Consent;
using IdentityBroker.Server.Regions;
using IdentityBroker.Server.Ui;

namespace IdentityBroker.Server.Interaction.Steps;

/// <summary>
/// R-CONSENT-1: a person without an active consent to the version of the text in force (<see cref="DataConsentText"/>,
/// <see cref="DataConsentPolicy"/>) for their ESIA person in the region sees the consent page before the broker session and
/// the code. «Даю согласие» records the consent with its audit record (one transaction) and the sign-in goes on; «Отказаться»
/// records the decline and the refused sign-in in one transaction.
/// </summary>
internal sealed class DataConsentStep(
    IDataConsentStore consents,
    DataConsentText text,
    IDiaryDirectory directory,
    RegionCatalog catalog,
    SignInRefusals refusals,
    IAuditLog audit,
    IUnitOfWork unitOfWork,
    TimeProvider time,
    ILogger<DataConsentStep> logger) : ISignInStep, IFormStep<bool>
{
    /// <summary>The reason code of a sign-in refused because the person declined (not a code of the requirements' table).</summary>
    public const string DeclinedReason = AuditOutcomes.DataConsentDeclined;

    public SignInStep Step => SignInStep.DataConsent;

    public async Task<StepOutcome> EnterAsync(SignInContext context, CancellationToken cancellationToken)
    {
        var progress = context.Progress;
        var request = context.Request;
        var active = await consents.FindActiveAsync(request.RegionCode, progress.Authentication!.EsiaSubjectHash, cancellationToken);
        if (!DataConsentPolicy.MustAsk(active?.TextVersion, text.Version))
        {
            return new StepOutcome.Next(progress);
        }

        DataConsentLog.Asked(logger, text.Version, progress.ChosenAccountId!, request.RegionCode, request.ClientId);
        var clientName = catalog.FindClient(request.ClientId)?.DisplayName ?? "электронный дневник";
        return new StepOutcome.Wait(Step, progress with { ConsentTextVersion = text.Version },
            new DataConsentPage(text, clientName, DataConsentPolicy.IsNewVersion(active?.TextVersion, text.Version)));
    }

    /// <param name="answer">True: «Даю согласие»; false: «Отказаться».</param>
    public async Task<StepOutcome> AnswerAsync(SignInContext context, bool answer, CancellationToken cancellationToken)
    {
        var progress = context.Progress;
        var request = context.Request;
        var account = await directory.GetAsync(request.RegionCode, progress.ChosenAccountId!, cancellationToken);
        if (account is null || !AccountStatusRule.IsUsable(account))
        {
            return new StepOutcome.Stale("the diary account is gone or no longer usable");
        }

        var now = time.GetUtcNow();
        var authentication = progress.Authentication!;
        var version = progress.ConsentTextVersion!;
        var person = authentication.AuditPerson;
        if (answer)
        {
            // Issue #10 item 6: the consent and its audit record are one transaction (IUnitOfWork).
            var consent = await unitOfWork.RunAsync(async ct =>
            {
                var granted = await consents.GrantAsync(request.RegionCode, authentication.EsiaSubjectHash, version, request.ClientId, now, ct);
                await audit.RecordAsync(AuditRecord.DataConsent(now, request.RegionCode, request.ClientId, AuditOutcomes.Granted, account.Id, person, "version=" + granted.TextVersion), ct);
                return granted;
            }, cancellationToken);
            DataConsentLog.Granted(logger, consent.TextVersion, account.Id, request.RegionCode, request.ClientId);
            return new StepOutcome.Next(progress);
        }

        // The decline and the refused sign-in are one transaction (issue #10 item 6), written by the one refusal renderer.
        var declined = AuditRecord.DataConsent(now, request.RegionCode, request.ClientId, AuditOutcomes.Declined, account.Id, person, "version=" + version);
        var refusal = await refusals.RecordAsync(request, DeclinedReason, RuleIds.Consent1, person, cancellationToken, account.Id, alongside: [declined]);
        DataConsentLog.Declined(logger, version, account.Id, request.RegionCode, request.ClientId, refusal.ReferenceNumber);
        return new StepOutcome.Refuse(refusal, RefusalPage.DataConsentDeclined);
    }
}
