using System.Security.Cryptography;

namespace IdentityBroker.EsiaEmulator.Crypto;

/// <summary>
/// A token-signing key with its certificate (ESIA.md §4.1): RS256 (<see cref="RsaTokenSigningKey"/>) or
/// GOST3410_2012_256 (<see cref="GostTokenSigningKey"/>), as the technology portal lets each system choose.
/// </summary>
internal abstract class TokenSigningKey
{
    /// <summary>The JWT <c>alg</c> ESIA writes for tokens of this key.</summary>
    public const string Rs256 = "RS256";

    /// <summary>ESIA's name for GOST R 34.10-2012-256 with Streebog-256 (ESIA.md §4.1).</summary>
    public const string Gost256 = "GOST3410_2012_256";

    protected TokenSigningKey(byte[] certificateDer)
    {
        CertificateDer = certificateDer;
        Thumbprint = Convert.ToHexString(SHA256.HashData(certificateDer));
    }

    public abstract string Algorithm { get; }

    public byte[] CertificateDer { get; }

    /// <summary>SHA-256 of the certificate DER in upper-case hex; sent as <c>x5t#St256</c>.</summary>
    public string Thumbprint { get; }

    /// <summary>PEM with a final newline, so certificates can be concatenated into a bundle.</summary>
    public string CertificatePem => PemEncoding.WriteString("CERTIFICATE", CertificateDer) + "\n";

    public abstract byte[] Sign(byte[] data);

    public abstract bool Verify(byte[] data, byte[] signature);

    /// <summary>Loads the configured key and certificate for <paramref name="algorithm"/>.</summary>
    public static TokenSigningKey Load(string algorithm, string keyPath, string certificatePath) => algorithm switch
    {
        Gost256 => GostTokenSigningKey.Load(keyPath, certificatePath),
        _ => RsaTokenSigningKey.Load(keyPath, certificatePath),
    };

    /// <summary>A fresh key and self-signed certificate that nobody trusts (the "rotated certificate" fault).</summary>
    public static TokenSigningKey CreateEphemeral(string algorithm, string commonName) => algorithm switch
    {
        Gost256 => GostTokenSigningKey.CreateEphemeral(commonName),
        _ => RsaTokenSigningKey.CreateEphemeral(commonName),
    };
}
