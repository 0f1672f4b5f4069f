namespace IdentityBroker.Core.People;

/// <summary>
/// A Russian birth certificate (ESIA document <c>RF_BRTH_CERT</c>, ESIA.md §6): series and number, for R-MATCH-3 only,
/// and only ever compared as a keyed hash (<see cref="Privacy.PersonalDataHasher.HashBirthCertificate"/>, which ignores
/// spaces, hyphens and case). Never logged: <see cref="ToString"/> hides it.
/// </summary>
public sealed record BirthCertificate(string Series, string Number)
{
    /// <summary>Both parts present (the hash of a half certificate would confirm nothing).</summary>
    public static BirthCertificate? Create(string? series, string? number) =>
        string.IsNullOrWhiteSpace(series) || string.IsNullOrWhiteSpace(number) ? null : new BirthCertificate(series.Trim(), number.Trim());

    public override string ToString() => "BirthCertificate(***)";
}
