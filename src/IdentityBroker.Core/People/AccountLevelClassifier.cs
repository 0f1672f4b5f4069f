namespace IdentityBroker.Core.People;

/// <summary>
/// The one place where an ESIA account's level is decided (ESIA.md §7; R-LEVEL-1..5 consume the result).
/// KD → child; PR or trusted → confirmed; a verified SNILS and identity document → standard; anything else →
/// simplified. ESIA does not tell standard from simplified explicitly, so the broker errs towards the lower level.
/// </summary>
public static class AccountLevelClassifier
{
    public static AccountLevel Classify(AccountLevelSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        if (string.Equals(signals.SubjectLevel, "KD", StringComparison.OrdinalIgnoreCase))
        {
            return AccountLevel.Child;
        }

        if (signals.IsTrusted || string.Equals(signals.SubjectLevel, "PR", StringComparison.OrdinalIgnoreCase))
        {
            return AccountLevel.Confirmed;
        }

        return signals.HasSnils && signals.HasVerifiedIdentityDocument ? AccountLevel.Standard : AccountLevel.Simplified;
    }
}
