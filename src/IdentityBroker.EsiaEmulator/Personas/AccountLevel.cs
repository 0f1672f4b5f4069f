namespace IdentityBroker.EsiaEmulator.Personas;

/// <summary>ESIA account levels (ESIA.md §7) and how they show in tokens and REST.</summary>
internal static class AccountLevel
{
    public const string Simplified = "simplified";
    public const string Standard = "standard";
    public const string Confirmed = "confirmed";
    public const string Child = "child";

    public static readonly string[] All = [Simplified, Standard, Confirmed, Child];

    /// <summary><c>urn:esia:sbj:lvl</c>: KD child, PR confirmed, P otherwise.</summary>
    public static string TokenLevel(string level) => level switch
    {
        Confirmed => "PR",
        Child => "KD",
        _ => "P",
    };

    public static bool IsTrusted(string level) => level == Confirmed;

    /// <summary>SNILS, identity documents and citizenship are released only for standard and confirmed accounts (MR 3254-3275).</summary>
    public static bool HasVerifiedData(string level) => level is Standard or Confirmed;
}
