using IdentityBroker.Core.Interaction;
using IdentityBroker.Core.Regions;
using IdentityBroker.Core.SignIn;

namespace IdentityBroker.Server.Interaction.Steps;

/// <summary>
/// R-REGION-3: ESIA was unavailable for THIS sign-in (at the redirect, <see cref="EsiaChallenge"/>, or at the callback,
/// <see cref="EsiaStep"/>). Where the region's policy is <see cref="PasswordSignInMode.FallbackWhenEsiaUnavailable"/> the
/// esia_unavailable page offers «Войти по логину и паролю дневника», and the sign-in waits here; where it is
/// <see cref="PasswordSignInMode.Forbidden"/> the page says sign-in is possible only through Gosuslugi. The form exists only
/// for a sign-in whose ESIA step failed — there is no password endpoint that works while ESIA is up — and is accepted only
/// while the policy still allows it. The same limiter and verifier as manual linking (any usable account of the region,
/// R-MATCH-8); nothing is linked (there is no ESIA person). The session carries <c>amr</c> ["pwd"], <see cref="Acr"/> and the
/// audit rule R-REGION-3; a minor still needs parental consent and everyone their data consent (the steps that follow).
/// </summary>
internal sealed class PasswordFallbackStep(ManualLinkCredentialCheck check, SignInRefusals refusals, TimeProvider time, ILogger<PasswordFallbackStep> logger)
    : ISignInStep, IFormStep<CredentialsAnswer>
{
    /// <summary>The <c>acr</c> of a password-fallback session: not an ESIA level, so a diary can tell it apart.</summary>
    public const string Acr = "urn:identitybroker:diary-password";

    public SignInStep Step => SignInStep.PasswordFallback;

    /// <summary>
    /// The subject consents and sessions of a password sign-in are kept under: no ESIA person is known, so the diary account
    /// stands in (an account id is not personal data). Never equal to a keyed ESIA hash (those are 64 hex digits).
    /// </summary>
    public static string FallbackSubject(Core.Directory.DiaryAccount account) => "diary-account:" + account.Id;

    /// <summary>The esia_unavailable page of a recorded refusal: with the password form where the region allows it.</summary>
    public StepOutcome Offer(SignInContext context, SignInRefusal refusal)
    {
        if (context.Region.Region.Policy.PasswordSignIn != PasswordSignInMode.FallbackWhenEsiaUnavailable)
        {
            return new StepOutcome.Refuse(refusal, RefusalPage.EsiaUnavailableNoFallback);
        }

        Log.PasswordFallbackOffered(logger, context.Request.RegionCode, context.Request.ClientId);
        return new StepOutcome.Wait(Step, context.Progress with { ReferenceNumber = refusal.ReferenceNumber }, new CredentialsPage(refusal, StatusCodes.Status403Forbidden));
    }

    /// <summary>Reached in order only by sign-ins that went through ESIA: nothing to do.</summary>
    public Task<StepOutcome> EnterAsync(SignInContext context, CancellationToken cancellationToken) =>
        Task.FromResult<StepOutcome>(new StepOutcome.Next(context.Progress));

    public async Task<StepOutcome> AnswerAsync(SignInContext context, CredentialsAnswer answer, CancellationToken cancellationToken)
    {
        var region = context.Region.Region;
        if (region.Policy.PasswordSignIn != PasswordSignInMode.FallbackWhenEsiaUnavailable)
        {
            return new StepOutcome.Stale("the region no longer allows the password fallback");
        }

        var progress = context.Progress;
        var shown = Shown(context, ReasonCodes.EsiaUnavailable, RuleIds.Region3);
        if (!answer.IsComplete)
        {
            return CredentialFailures.Incomplete(Step, progress, shown, answer);
        }

        var attempt = new CredentialAttempt(context.Request, null, RuleIds.Region3, "password_fallback", progress.ReferenceNumber!);
        var result = await check.CheckAsync(attempt, answer.Login, answer.Password, allowedAccountIds: null, cancellationToken);
        var now = time.GetUtcNow();
        if (CredentialFailures.For(result, Step, progress, shown, answer, now, (reason, rule) => Shown(context, reason, rule)) is { } failed)
        {
            return failed;
        }

        var account = result.Account!;
        context.Chosen = account;
        var authentication = new EsiaAuthentication(FallbackSubject(account), now, ["pwd"], Acr)
        {
            Age = AgeBands.OfDiaryAccount(account, region.Today(now)), // R-MATCH-1 from the diary's birth date
        };
        return new StepOutcome.Next(progress with
        {
            Authentication = authentication, Proven = [account.Id], ChosenAccountId = account.Id, LinkMethod = null, RuleId = RuleIds.Region3,
        });
    }

    private SignInRefusal Shown(SignInContext context, string reason, string rule) =>
        new(reason, rule, context.Progress.ReferenceNumber!, refusals.ReturnFor(context.Request, reason));
}
