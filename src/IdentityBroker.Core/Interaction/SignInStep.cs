namespace IdentityBroker.Core.Interaction;

/// <summary>
/// Where a sign-in transaction (<see cref="SignInTransaction"/>) waits for the browser. The sign-in after ESIA runs its
/// steps in this order — decide → choose account → link (or link by diary password) → parental consent → data consent →
/// finish — and stops only at the steps below, each with one form; a form is accepted only while the transaction is at its
/// step and version (<see cref="ISignInTransactionStore.ClaimAsync"/>), so every form counts once.
/// Stored as the text of <see cref="SignInSteps.Name"/>; never renumber or rename a member (rows of a running release).
/// </summary>
public enum SignInStep
{
    /// <summary>At ESIA: the id is the <c>state</c> sent there (ESIA.md §2.1); the callback answers it.</summary>
    Esia,

    /// <summary>R-REGION-3: ESIA failed for this sign-in and the region allows the diary password instead.</summary>
    PasswordFallback,

    /// <summary>R-MATCH-5: several diary accounts matched; the person picks one.</summary>
    ChooseAccount,

    /// <summary>R-MATCH-6: name-matched diary accounts without SNILS; the person proves one with its diary password.</summary>
    ManualLink,

    /// <summary>R-CONSENT-3/6: a parent sees their children's pending requests or the no_children_linked notice.</summary>
    ParentalConsent,

    /// <summary>R-CONSENT-1: the person's consent to the data passed to the diary.</summary>
    DataConsent,
}

/// <summary>The stored names of <see cref="SignInStep"/>.</summary>
public static class SignInSteps
{
    /// <summary>The name stored in <c>pending_sign_ins.step</c>.</summary>
    public static string Name(SignInStep step) => step switch
    {
        SignInStep.Esia => "esia",
        SignInStep.PasswordFallback => "password_fallback",
        SignInStep.ChooseAccount => "choose_account",
        SignInStep.ManualLink => "manual_link",
        SignInStep.ParentalConsent => "parental_consent",
        SignInStep.DataConsent => "data_consent",
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    /// <summary>The step of a stored name; null for a name this release does not know.</summary>
    public static SignInStep? Parse(string? name) => name switch
    {
        "esia" => SignInStep.Esia,
        "password_fallback" => SignInStep.PasswordFallback,
        "choose_account" => SignInStep.ChooseAccount,
        "manual_link" => SignInStep.ManualLink,
        "parental_consent" => SignInStep.ParentalConsent,
        "data_consent" => SignInStep.DataConsent,
        _ => null,
    };
}
