namespace IdentityBroker.Core.Stores;

/// <summary>
/// The link between an ESIA person (by keyed hash of the oid) and a diary account in one region, made once at the
/// first successful sign-in and used from then on (R-MATCH-7).
/// </summary>
/// <param name="Method">How the link was proven: see <see cref="LinkMethods"/>.</param>
public sealed record AccountLink(
    string RegionCode,
    string EsiaSubjectHash,
    string DiaryAccountId,
    string Method,
    DateTimeOffset LinkedAt);

public static class LinkMethods
{
    /// <summary>R-MATCH-2: full name and SNILS.</summary>
    public const string NameAndSnils = "name_snils";

    /// <summary>R-MATCH-3: full name and birth date.</summary>
    public const string NameAndBirthDate = "name_birthdate";

    /// <summary>R-MATCH-6: diary login and password.</summary>
    public const string DiaryPassword = "diary_password";
}
