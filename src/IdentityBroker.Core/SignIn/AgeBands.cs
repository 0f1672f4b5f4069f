namespace IdentityBroker.Core.SignIn;

/// <summary>
/// The two ages every sign-in rule turns on, in ONE place (R-MATCH-1: full years on the region's calendar day). At
/// <see cref="OwnAccount"/> a child has their own confirmed ESIA account and SNILS (R-LEVEL-3, R-MATCH-2; younger: a
/// child account the parent created, matched by birth date, R-LEVEL-4, R-MATCH-3). At <see cref="Adult"/> no parental
/// consent is needed (R-CONSENT-2) and the region's adult levels apply (R-LEVEL-2).
/// </summary>
public static class AgeBands
{
    /// <summary>14: own ESIA account, matched by SNILS.</summary>
    public const int OwnAccount = 14;

    /// <summary>18: of age.</summary>
    public const int Adult = 18;

    /// <summary>18 and over (R-LEVEL-2; no parental consent, R-CONSENT-2).</summary>
    public static bool IsAdult(int age) => age >= Adult;

    /// <summary>14 and over: matched by name + SNILS (R-MATCH-2), their own confirmed account (R-LEVEL-3).</summary>
    public static bool HasOwnAccount(int age) => age >= OwnAccount;

    /// <summary>Under 18 (R-CONSENT-2): needs a parent's consent. Unknown (null) is not a minor here: see <see cref="OfDiaryAccount"/>.</summary>
    public static bool IsMinor(int? age) => age is { } years && years < Adult;

    /// <summary>
    /// The age of a sign-in without an ESIA person (the R-REGION-3 password fallback), from the diary's birth date on the
    /// region's day (R-MATCH-1). A student account without a birth date is treated as a minor (0: parental consent
    /// required, the cautious reading of R-CONSENT-2); other accounts without one as adults (null).
    /// </summary>
    public static int? OfDiaryAccount(Directory.DiaryAccount account, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.BirthDate is { } birthDate
            ? Matching.AgeCalculator.FullYears(birthDate, today)
            : account.Roles.Contains(Directory.DiaryRole.Student) ? 0 : null;
    }
}
