using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IdentityBroker.Esia.Signing;

namespace IdentityBroker.IntegrationTests.Infrastructure;

/// <summary>Throwaway keys written to a folder: the broker's GOST ESIA client credentials and the emulator's RSA token-signing key.</summary>
internal sealed record TestCredentials(string GostKeyPath, string GostCertificatePath, string EsiaSigningKeyPath, string EsiaSigningCertificatePath)
{
    public static TestCredentials WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var now = DateTimeOffset.UtcNow;
        var (gostKey, gostCert) = GostCredentialGenerator.CreateSelfSigned("IdentityBroker test IS", now.AddDays(-1), now.AddDays(30));
        var credentials = new TestCredentials(
            Path.Combine(directory, "esia-client.key.pem"), Path.Combine(directory, "esia-client.cert.pem"),
            Path.Combine(directory, "esia-signing.key.pem"), Path.Combine(directory, "esia-signing.cert.pem"));
        File.WriteAllText(credentials.GostKeyPath, gostKey);
        File.WriteAllText(credentials.GostCertificatePath, gostCert);

        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=ESIA emulator test signing", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        File.WriteAllText(credentials.EsiaSigningKeyPath, rsa.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(credentials.EsiaSigningCertificatePath, cert.ExportCertificatePem());
        return credentials;
    }
}
