using System.Security.Cryptography;
using System.Text;
using IdentityBroker.Core.People;

namespace IdentityBroker.Core.Privacy;

/// <summary>
/// Keyed hashes (HMAC-SHA256 under a secret pepper) of the identifiers the broker must look up but never store:
/// SNILS, birth-certificate numbers, ESIA person ids. Each kind has its own domain prefix, so equal digits of
/// different kinds never collide.
/// </summary>
public sealed class PersonalDataHasher
{
    private readonly byte[] _pepper;

    public PersonalDataHasher(byte[] pepper)
    {
        ArgumentNullException.ThrowIfNull(pepper);
        if (pepper.Length < 32)
        {
            throw new ArgumentException("The pepper must be at least 32 bytes.", nameof(pepper));
        }

        _pepper = pepper.ToArray();
    }

    public string HashSnils(Snils snils) => Hash("snils", snils.Digits);

    public string HashBirthCertificate(string series, string number) =>
        Hash("brth-cert", (series + number).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant());

    public string HashEsiaSubject(string oid) => Hash("esia-oid", oid.Trim());

    /// <summary>R-ERR-1 lookup key: the R-MATCH-4 normalised full name and the birth date.</summary>
    public string HashNameAndBirthDate(PersonName name, DateOnly birthDate) =>
        Hash("name-birth", name.Normalized + "|" + birthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Attempt-limiter key for a login typed by the user (R-MATCH-6): case-insensitive, trimmed.</summary>
    public string HashLogin(string regionCode, string login) => Hash("login", regionCode + ":" + login.Trim().ToLowerInvariant());

    private string Hash(string kind, string value)
    {
        var bytes = HMACSHA256.HashData(_pepper, Encoding.UTF8.GetBytes(kind + ":" + value));
        return Convert.ToHexStringLower(bytes);
    }
}
