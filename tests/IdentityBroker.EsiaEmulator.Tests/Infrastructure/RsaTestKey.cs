using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IdentityBroker.EsiaEmulator.Tests.Infrastructure;

/// <summary>A throwaway RSA key and self-signed certificate, written as PEM files for the emulator's signing settings.</summary>
internal static class RsaTestKey
{
    public static (string KeyPath, string CertificatePath) WritePemFiles(string directory)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=ESIA emulator test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var keyPath = Path.Combine(directory, "esia-signing.key");
        var certificatePath = Path.Combine(directory, "esia-signing.cer");
        File.WriteAllText(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        return (keyPath, certificatePath);
    }
}
