using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IdentityBroker.Esia.Signing;
using Microsoft.IdentityModel.Tokens;
using Org.BouncyCastle.Crypto.Parameters;

namespace IdentityBroker.Esia.Tokens;

/// <summary>
/// Loads ESIA's pinned verification certificates (there is no JWKS, ESIA.md §1) and re-reads a file when its
/// timestamp or size changes, so a rotation (ESIA.md §4.4) needs only a new file, not a restart. A PEM file may hold
/// several certificates (a bundle, like the contents of esia.zip): appending ESIA's next certificate to it is a
/// rotation without a redeploy.
/// </summary>
internal sealed class TrustedCertificateStore
{
    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);

    public TrustedKeys GetKeys(IReadOnlyList<string> paths)
    {
        var rsa = new List<SecurityKey>();
        var gost = new List<ECPublicKeyParameters>();
        foreach (var path in paths)
        {
            var entry = Load(path);
            rsa.AddRange(entry.RsaKeys);
            gost.AddRange(entry.GostKeys);
        }

        return new TrustedKeys(rsa, gost);
    }

    /// <summary>Parses every certificate of a file (DER, PEM, or a PEM bundle); used by the options validator too.</summary>
    public static IReadOnlyList<(SecurityKey? Rsa, ECPublicKeyParameters? Gost)> ParseAll(byte[] fileBytes)
    {
        if (fileBytes.Length > 0 && fileBytes[0] == 0x30)
        {
            return [Parse(fileBytes)];
        }

        // "cat a.pem b.pem" of files without a final newline glues END and BEGIN lines together
        var text = System.Text.Encoding.ASCII.GetString(fileBytes)
            .Replace("-----END CERTIFICATE-----", "-----END CERTIFICATE-----\n", StringComparison.Ordinal);
        var result = new List<(SecurityKey?, ECPublicKeyParameters?)>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                result.Add(Parse(Convert.FromBase64String(rest[fields.Base64Data].ToString())));
            }

            rest = rest[fields.Location.End..];
        }

        return result.Count > 0 ? result : throw new CryptographicException("The file holds no PEM 'CERTIFICATE' block and is not DER.");
    }

    /// <summary>Parses one certificate (DER or the first PEM block).</summary>
    public static (SecurityKey? Rsa, ECPublicKeyParameters? Gost) Parse(byte[] fileBytes)
    {
        var gostCertificate = GostCertificate.Parse(fileBytes);
        if (gostCertificate.GostPublicKey is not null)
        {
            return (null, gostCertificate.GostPublicKey);
        }

        var certificate = X509CertificateLoader.LoadCertificate(gostCertificate.Der);
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is null)
        {
            throw new CryptographicException("An ESIA verification certificate must carry an RSA or GOST R 34.10-2012 key.");
        }

        return (new X509SecurityKey(certificate), null);
    }

    private Entry Load(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new FileNotFoundException("A trusted ESIA certificate file is missing.", path);
        }

        var stamp = $"{file.LastWriteTimeUtc.Ticks}:{file.Length}";
        if (_cache.TryGetValue(path, out var cached) && cached.Stamp == stamp)
        {
            return cached;
        }

        var keys = ParseAll(File.ReadAllBytes(path));
        var entry = new Entry(
            stamp,
            keys.Where(k => k.Rsa is not null).Select(k => k.Rsa!).ToList(),
            keys.Where(k => k.Gost is not null).Select(k => k.Gost!).ToList());
        _cache[path] = entry;
        return entry;
    }

    private sealed record Entry(string Stamp, IReadOnlyList<SecurityKey> RsaKeys, IReadOnlyList<ECPublicKeyParameters> GostKeys);
}
