using Org.BouncyCastle.Crypto.Parameters;

namespace IdentityBroker.Esia.Signing;

/// <summary>
/// Signs with a GOST R 34.10-2012-256 key read from a PKCS#8 PEM file (ESIA.md §2.2). The key and certificate files
/// are re-read when their last-write time or length changes, so a renewed certificate needs no restart.
/// </summary>
public sealed class FileGostRequestSigner : IEsiaRequestSigner
{
    private readonly string _keyPath;
    private readonly string _certificatePath;
    private readonly Lock _gate = new();
    private Loaded? _loaded;

    /// <summary>Creates a signer over the two files; they are read on first use and whenever they change.</summary>
    public FileGostRequestSigner(string keyPath, string certificatePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(certificatePath);
        _keyPath = keyPath;
        _certificatePath = certificatePath;
    }

    /// <inheritdoc />
    public string CertificateHashHex => Current().Certificate.HashHex;

    /// <inheritdoc />
    public Task<byte[]> SignAsync(byte[] data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(data);
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(GostSignature.Sign(Current().Key, data));
    }

    private Loaded Current()
    {
        var stamp = Stamp();
        var loaded = _loaded;
        if (loaded is not null && loaded.Stamp == stamp)
        {
            return loaded;
        }

        lock (_gate)
        {
            if (_loaded is not null && _loaded.Stamp == stamp)
            {
                return _loaded;
            }

            var key = GostKeyEncoding.DecodePrivateKeyPem(File.ReadAllText(_keyPath));
            var certificate = GostCertificate.Load(_certificatePath);
            if (certificate.GostPublicKey is null ||
                !certificate.GostPublicKey.Q.Equals(GostKeyEncoding.PublicFromPrivate(key).Q))
            {
                throw new System.Security.Cryptography.CryptographicException(
                    "The signing key does not belong to the configured certificate.");
            }

            _loaded = new Loaded(stamp, key, certificate);
            return _loaded;
        }
    }

    private string Stamp()
    {
        var key = new FileInfo(_keyPath);
        var cert = new FileInfo(_certificatePath);
        if (!key.Exists || !cert.Exists)
        {
            throw new FileNotFoundException("The ESIA signing key or certificate file is missing.");
        }

        return $"{key.LastWriteTimeUtc.Ticks}:{key.Length}:{cert.LastWriteTimeUtc.Ticks}:{cert.Length}";
    }

    private sealed record Loaded(string Stamp, ECPrivateKeyParameters Key, GostCertificate Certificate);
}
