using IdentityBroker.Core.Interaction;
using IdentityBroker.Core.SignIn;

namespace IdentityBroker.Server.Interaction.Steps;

/// <summary>A diary login and password typed into a step form (manual linking R-MATCH-6, password fallback R-REGION-3).</summary>
internal sealed record CredentialsAnswer(string Login, string Password)
{
    public bool IsComplete => !string.IsNullOrWhiteSpace(Login) && Password.Length > 0;
}

/// <summary>
/// The outcome of a diary-password form that did not prove an account, shared by manual linking and the password fallback:
/// incomplete or wrong → the form again (400); delayed → the form again (429, Retry-After); inactive → account_inactive
/// (R-MATCH-8, under the reference number already shown: the attempt itself is audited by <see cref="ManualLinkCredentialCheck"/>).
/// </summary>
internal static class CredentialFailures
{
    public static StepOutcome Incomplete(SignInStep step, SignInProgress progress, SignInRefusal shown, CredentialsAnswer answer) =>
        new StepOutcome.Wait(step, progress, new CredentialsPage(
            shown, StatusCodes.Status400BadRequest, answer.Login.Trim(), ManualLinkTexts.MissingFields, ManualLinkTexts.MissingFieldsKind));

    /// <returns>Null when the check succeeded.</returns>
    public static StepOutcome? For(
        CredentialCheckResult result, SignInStep step, SignInProgress progress, SignInRefusal shown, CredentialsAnswer answer, DateTimeOffset now,
        Func<string, string, SignInRefusal> refusalUnderShownReference)
    {
        var login = answer.Login.Trim();
        switch (result.Outcome)
        {
            case CredentialOutcome.Delayed:
                var wait = result.RetryAt!.Value - now;
                return new StepOutcome.Wait(step, progress, new CredentialsPage(
                    shown, StatusCodes.Status429TooManyRequests, login, ManualLinkTexts.Delayed(wait), ManualLinkTexts.DelayedKind,
                    (int)Math.Ceiling(Math.Max(1, wait.TotalSeconds))));

            case CredentialOutcome.WrongCredentials:
                return new StepOutcome.Wait(step, progress, new CredentialsPage(
                    shown, StatusCodes.Status400BadRequest, login, ManualLinkTexts.WrongCredentials, ManualLinkTexts.WrongCredentialsKind));

            case CredentialOutcome.AccountInactive:
                return new StepOutcome.Refuse(refusalUnderShownReference(ReasonCodes.AccountInactive, RuleIds.Match8));

            default:
                return null;
        }
    }
}
