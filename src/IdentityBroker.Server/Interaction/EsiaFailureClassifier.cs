using IdentityBroker.Core.SignIn;
using IdentityBroker.Esia;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// ONE reading of an ESIA failure, at the redirect (<see cref="EsiaChallenge"/>) and at the callback
/// (<see cref="Steps.EsiaStep"/>) alike: which refusal the user sees and under which rule. An outage (<see cref="IsOutage"/>)
/// is <c>esia_unavailable</c> with the password fallback where the region allows it (R-REGION-3), wherever it happens.
/// </summary>
internal static class EsiaFailureClassifier
{
    /// <summary>The reason code and rule of the refusal for <paramref name="failure"/>.</summary>
    public static (string Reason, string Rule) Classify(EsiaException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (IsOutage(failure))
        {
            return (ReasonCodes.EsiaUnavailable, RuleIds.Esia);
        }

        return failure.Kind switch
        {
            EsiaFailureKind.Denied when failure.IsUnconfirmedAccount => (ReasonCodes.LevelTooLow, RuleIds.Level1), // ESIA-007055: ESIA itself refused the unconfirmed account
            EsiaFailureKind.Denied when failure.IsTwoFactorUnavailable => (ReasonCodes.EsiaTwoFactorUnavailable, RuleIds.Esia), // ESIA-007046: the person can set it up on Gosuslugi
            EsiaFailureKind.Denied => (ReasonCodes.EsiaDenied, failure.IsAccountBlocked ? RuleIds.Level5 : RuleIds.Esia),
            _ => (ReasonCodes.ServiceMisconfigured, RuleIds.Esia),
        };
    }

    /// <summary>
    /// ESIA cannot be reached for this sign-in: ESIA itself is unavailable, or the remote GOST signer that must sign the
    /// request to ESIA did not answer (network error or timeout; the ESIA client reports it as Misconfigured with the
    /// transport exception inside). A signer that answers wrongly stays a misconfiguration.
    /// </summary>
    public static bool IsOutage(EsiaException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Kind == EsiaFailureKind.Unavailable ||
               (failure.Kind == EsiaFailureKind.Misconfigured && failure.InnerException is HttpRequestException or TaskCanceledException or TimeoutException);
    }

    /// <summary>A misconfiguration the operator must fix (logged at error level), as opposed to an outage or the person's answer.</summary>
    public static bool IsMisconfiguration(EsiaException failure) => failure.Kind == EsiaFailureKind.Misconfigured && !IsOutage(failure);
}
