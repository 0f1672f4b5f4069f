using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IdentityBroker.EsiaEmulator.Crypto;

/// <summary>An RSA key with its certificate, used to sign tokens with RS256.</summary>
internal sealed class TokenSigningKey
{
    public TokenSigningKey(RSA rsa, X509Certificate2 certificate)
    {
        Rsa = rsa;
        Certificate = certificate;
        Thumbprint = Convert.ToHexString(SHA256.HashData(certificate.RawData));
    }

    public RSA Rsa { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>SHA-256 of the certificate DER in upper-case hex; sent as <c>x5t#St256</c>.</summary>
    public string Thumbprint { get; }

    public static TokenSigningKey Load(string keyPath, string certificatePath)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(keyPath));
        var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        return new TokenSigningKey(rsa, certificate);
    }

    /// <summary>A fresh key and self-signed certificate that nobody trusts (the "rotated certificate" fault).</summary>
    public static TokenSigningKey CreateEphemeral(string subject)
    {
        var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        return new TokenSigningKey(rsa, certificate);
    }
}
