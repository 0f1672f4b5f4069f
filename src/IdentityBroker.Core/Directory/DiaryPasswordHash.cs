using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace IdentityBroker.Core.Directory;

/// <summary>
/// Verifies a diary password against the hash imported from the diary (R-MATCH-6, R-REGION-3). Two common PBKDF2 formats
/// are accepted, so diaries can export what they already store:
/// <list type="bullet">
/// <item>ASP.NET Core Identity v3: base64 of <c>0x01 | prf (u32 BE: 0 SHA-1, 1 SHA-256, 2 SHA-512) | iterations (u32 BE) |
/// salt length (u32 BE) | salt | subkey</c>;</item>
/// <item>PHC / passlib: <c>$pbkdf2-sha256$rounds$salt$hash</c> (also <c>pbkdf2-sha512</c>, <c>pbkdf2</c> = SHA-1), salt and
/// hash in passlib's adapted base64 (<c>.</c> for <c>+</c>, no padding).</item>
/// </list>
/// Iterations are bounded (1,000 … 10,000,000) so an imported hash cannot make verification a denial of service.
/// </summary>
public static class DiaryPasswordHash
{
    private const int MinIterations = 1_000;
    private const int MaxIterations = 10_000_000;

    /// <summary>True when <paramref name="hash"/> is in a supported format (the importer rejects other rows).</summary>
    public static bool IsWellFormed(string? hash) => TryParse(hash, out _);

    /// <summary>Constant-time check of <paramref name="password"/>; false for a malformed hash.</summary>
    public static bool Verify(string? hash, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(hash, out var parsed))
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), parsed.Salt, parsed.Iterations, parsed.Algorithm, parsed.Subkey.Length);
        return CryptographicOperations.FixedTimeEquals(actual, parsed.Subkey);
    }

    /// <summary>An ASP.NET Core Identity v3 hash (PBKDF2-SHA256, 16-byte salt), for tests, samples and the demo directory.</summary>
    public static string Create(string password, int iterations = 100_000)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(16);
        var subkey = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var bytes = new byte[13 + salt.Length + subkey.Length];
        bytes[0] = 0x01;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(1), 1);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(5), (uint)iterations);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(9), (uint)salt.Length);
        salt.CopyTo(bytes, 13);
        subkey.CopyTo(bytes, 13 + salt.Length);
        return Convert.ToBase64String(bytes);
    }

    private static bool TryParse(string? hash, out Parsed parsed)
    {
        parsed = default;
        if (string.IsNullOrWhiteSpace(hash) || hash.Length > 1024)
        {
            return false;
        }

        var ok = hash.StartsWith('$') ? TryParsePhc(hash, out parsed) : TryParseIdentityV3(hash, out parsed);
        return ok && parsed.Iterations is >= MinIterations and <= MaxIterations && parsed.Salt.Length >= 8 && parsed.Subkey.Length >= 16;
    }

    private static bool TryParseIdentityV3(string hash, out Parsed parsed)
    {
        parsed = default;
        var bytes = new byte[hash.Length];
        if (!Convert.TryFromBase64String(hash, bytes, out var length) || length < 13 || bytes[0] != 0x01)
        {
            return false;
        }

        var span = bytes.AsSpan(0, length);
        var algorithm = BinaryPrimitives.ReadUInt32BigEndian(span[1..]) switch
        {
            0 => HashAlgorithmName.SHA1,
            1 => HashAlgorithmName.SHA256,
            2 => HashAlgorithmName.SHA512,
            _ => default,
        };
        var iterations = BinaryPrimitives.ReadUInt32BigEndian(span[5..]);
        var saltLength = BinaryPrimitives.ReadUInt32BigEndian(span[9..]);
        if (algorithm == default || iterations > int.MaxValue || saltLength > (uint)(length - 13))
        {
            return false;
        }

        var salt = span.Slice(13, (int)saltLength).ToArray();
        var subkey = span[(13 + (int)saltLength)..].ToArray();
        parsed = new Parsed(algorithm, (int)iterations, salt, subkey);
        return true;
    }

    private static bool TryParsePhc(string hash, out Parsed parsed)
    {
        parsed = default;
        var parts = hash.Split('$');
        if (parts.Length != 5 || parts[0].Length != 0)
        {
            return false;
        }

        var algorithm = parts[1] switch
        {
            "pbkdf2" => HashAlgorithmName.SHA1,
            "pbkdf2-sha256" => HashAlgorithmName.SHA256,
            "pbkdf2-sha512" => HashAlgorithmName.SHA512,
            _ => default,
        };
        if (algorithm == default || !int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var iterations)
            || FromAdaptedBase64(parts[3]) is not { } salt || FromAdaptedBase64(parts[4]) is not { } subkey)
        {
            return false;
        }

        parsed = new Parsed(algorithm, iterations, salt, subkey);
        return true;
    }

    private static byte[]? FromAdaptedBase64(string value)
    {
        var standard = value.Replace('.', '+');
        standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
        var buffer = new byte[standard.Length];
        return Convert.TryFromBase64String(standard, buffer, out var written) ? buffer[..written] : null;
    }

    private readonly record struct Parsed(HashAlgorithmName Algorithm, int Iterations, byte[] Salt, byte[] Subkey);
}
