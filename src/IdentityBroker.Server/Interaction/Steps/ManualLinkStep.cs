using IdentityBroker.Core.Stores;
using IdentityBroker.Core.Interaction;
using IdentityBroker.Core.SignIn;

namespace IdentityBroker.Server.Interaction.Steps;

/// <summary>
/// R-MATCH-6: the sign-in was refused with diary_snils_missing (audited by <see cref="DecideStep"/>) and the region has
/// name-matched diary accounts without SNILS. The page «Привязать профиль дневника» shows that refusal and a form for the
/// diary login and password; proving one of those accounts links it (<see cref="LinkMethods.DiaryPassword"/>) and the
/// sign-in goes on as any other; later sign-ins use the link (R-MATCH-7). It proves ownership and is not a sign-in by
/// password, so it works where password sign-in is forbidden (R-REGION-3). Attempts are limited and audited by
/// <see cref="ManualLinkCredentialCheck"/>; a wrong or delayed attempt shows the form again (the login kept), and the
/// form shown before it is stale.
/// </summary>
internal sealed class ManualLinkStep(ManualLinkCredentialCheck check, SignInRefusals refusals, TimeProvider time) : ISignInStep, IFormStep<CredentialsAnswer>
{
    public SignInStep Step => SignInStep.ManualLink;

    public Task<StepOutcome> EnterAsync(SignInContext context, CancellationToken cancellationToken)
    {
        var progress = context.Progress;
        StepOutcome outcome = progress.ChosenAccountId is null && progress.ManualLinkCandidates.Count > 0
            ? new StepOutcome.Wait(Step, progress, new CredentialsPage(Shown(context, ReasonCodes.DiarySnilsMissing, RuleIds.Match6), StatusCodes.Status403Forbidden))
            : new StepOutcome.Next(progress);
        return Task.FromResult(outcome);
    }

    public async Task<StepOutcome> AnswerAsync(SignInContext context, CredentialsAnswer answer, CancellationToken cancellationToken)
    {
        var progress = context.Progress;
        var shown = Shown(context, ReasonCodes.DiarySnilsMissing, RuleIds.Match6);
        if (!answer.IsComplete)
        {
            return CredentialFailures.Incomplete(Step, progress, shown, answer);
        }

        var attempt = new CredentialAttempt(context.Request, progress.Authentication!.EsiaSubjectHash, RuleIds.Match6, "manual_link", progress.ReferenceNumber!);
        var result = await check.CheckAsync(attempt, answer.Login, answer.Password, progress.ManualLinkCandidates, cancellationToken);
        if (CredentialFailures.For(result, Step, progress, shown, answer, time.GetUtcNow(), (reason, rule) => Shown(context, reason, rule)) is { } failed)
        {
            return failed;
        }

        var account = result.Account!;
        context.Chosen = account;
        return new StepOutcome.Next(progress with
        {
            Proven = [account.Id], ChosenAccountId = account.Id, LinkMethod = LinkMethods.DiaryPassword, RuleId = RuleIds.Match6,
        });
    }

    /// <summary>The refusal shown beside the form, under the reference number recorded when it was first shown.</summary>
    private SignInRefusal Shown(SignInContext context, string reason, string rule) =>
        new(reason, rule, context.Progress.ReferenceNumber!, refusals.ReturnFor(context.Request, reason));
}
