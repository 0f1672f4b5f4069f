namespace IdentityBroker.Core.SignIn;

/// <summary>
/// Why a sign-in was refused: the codes of REQUIREMENTS.md "What the user sees when sign-in fails". Each has a Russian
/// page with its remedy in the server (Pages/Error) and an audit record.
/// </summary>
public static class ReasonCodes
{
    public const string EsiaDenied = "esia_denied";
    public const string LevelTooLow = "level_too_low";
    public const string DataMismatch = "data_mismatch";
    public const string NoDiaryAccount = "no_diary_account";
    public const string DiarySnilsMissing = "diary_snils_missing";
    public const string ConsentRequired = "consent_required";
    public const string ChildNotLinkedEsia = "child_not_linked_esia";
    public const string NoChildrenLinked = "no_children_linked";
    public const string AccountInactive = "account_inactive";
    public const string EsiaUnavailable = "esia_unavailable";

    /// <summary>
    /// ESIA refused because the requested data need two-factor sign-in that the person's account has not set up
    /// (ESIA-007046): the person can fix it in their Gosuslugi security settings. Not in the requirements' table (an ESIA
    /// answer of its own), shown with its own explanation.
    /// </summary>
    public const string EsiaTwoFactorUnavailable = "esia_2fa_unavailable";

    /// <summary>Not a user-facing reason of the requirements: the broker or its ESIA registration is misconfigured (operator error).</summary>
    public const string ServiceMisconfigured = "service_misconfigured";

    public static IReadOnlyList<string> All { get; } =
    [
        EsiaDenied, LevelTooLow, DataMismatch, NoDiaryAccount, DiarySnilsMissing, ConsentRequired,
        ChildNotLinkedEsia, NoChildrenLinked, AccountInactive, EsiaUnavailable, EsiaTwoFactorUnavailable, ServiceMisconfigured,
    ];
}
