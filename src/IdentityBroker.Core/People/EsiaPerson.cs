namespace IdentityBroker.Core.People;

/// <summary>
/// What the broker knows about the person ESIA authenticated, for the length of one sign-in (R-TOKEN-3: nothing of
/// ESIA's tokens is kept). Built by the ESIA client from the ID token and <c>/rs/prns/{oid}</c>.
/// </summary>
/// <param name="Oid">ESIA's person id. Stored only as a keyed hash (<see cref="Privacy.PersonalDataHasher"/>).</param>
/// <param name="Level">Derived in one place (<see cref="AccountLevelClassifier"/>).</param>
/// <param name="IsBlocked">ESIA reports the account as blocked or deleted (R-LEVEL-5).</param>
/// <param name="BirthCertificate">The person's Russian birth certificate (ESIA document <c>RF_BRTH_CERT</c>) when ESIA
/// gave one: confirms or contradicts an under-14 match (R-MATCH-3). Compared only as a keyed hash.</param>
public sealed record EsiaPerson(
    string Oid,
    PersonName Name,
    DateOnly? BirthDate,
    Gender? Gender,
    Snils? Snils,
    AccountLevel Level,
    bool IsBlocked = false,
    BirthCertificate? BirthCertificate = null)
{
    public override string ToString() => $"EsiaPerson(level={Level}, blocked={IsBlocked})";
}
