using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IdentityBroker.EsiaEmulator.Crypto;

/// <summary>An RSA key with its certificate, signing RS256 (PKCS#1 v1.5, SHA-256).</summary>
internal sealed class RsaTokenSigningKey(RSA rsa, byte[] certificateDer) : TokenSigningKey(certificateDer)
{
    public override string Algorithm => Rs256;

    public override byte[] Sign(byte[] data) => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public override bool Verify(byte[] data, byte[] signature) =>
        rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public static RsaTokenSigningKey Load(string keyPath, string certificatePath)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(keyPath));
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        return new RsaTokenSigningKey(rsa, certificate.RawData);
    }

    public static RsaTokenSigningKey CreateEphemeral(string commonName)
    {
        var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        return new RsaTokenSigningKey(rsa, certificate.RawData);
    }
}
