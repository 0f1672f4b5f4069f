using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IdentityBroker.Esia.Signing;
using Microsoft.IdentityModel.Tokens;
using Org.BouncyCastle.Crypto.Parameters;

namespace IdentityBroker.Esia.Tokens;

/// <summary>
/// Loads ESIA's pinned verification certificates (there is no JWKS, ESIA.md §1) and re-reads a file when its
/// timestamp or size changes, so a rotation (ESIA.md §4.4) needs only a new file, not a restart.
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
            if (entry.RsaKey is not null)
            {
                rsa.Add(entry.RsaKey);
            }

            if (entry.GostKey is not null)
            {
                gost.Add(entry.GostKey);
            }
        }

        return new TrustedKeys(rsa, gost);
    }

    /// <summary>Parses one certificate file; used by the options validator too.</summary>
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

        var (rsa, gost) = Parse(File.ReadAllBytes(path));
        var entry = new Entry(stamp, rsa, gost);
        _cache[path] = entry;
        return entry;
    }

    private sealed record Entry(string Stamp, SecurityKey? RsaKey, ECPublicKeyParameters? GostKey);
}
