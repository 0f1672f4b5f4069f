using System.Text;
using IdentityBroker.Esia.Signing;

namespace IdentityBroker.Esia.Tests.Signing;

public sealed class FileGostRequestSignerTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Test]
    public async Task SignAsync_GeneratedCredentials_VerifiesWithCertificateKey()
    {
        using var dir = new TempDirectory();
        var (key, cert) = GostCredentialGenerator.CreateSelfSigned("t", Now, Now.AddDays(1));
        var signer = new FileGostRequestSigner(dir.Write("k.pem", key), dir.Write("c.pem", cert));
        var data = Encoding.UTF8.GetBytes("data");

        var signature = await signer.SignAsync(data, CancellationToken.None);

        var publicKey = GostCertificate.Parse(Encoding.ASCII.GetBytes(cert)).GostPublicKey!;
        Assert.That(GostSignature.Verify(publicKey, data, signature), Is.True);
    }

    [Test]
    public void CertificateHashHex_PemCertificate_IsStreebog256OfDerInUpperHex()
    {
        using var dir = new TempDirectory();
        var (key, cert) = GostCredentialGenerator.CreateSelfSigned("t", Now, Now.AddDays(1));
        var signer = new FileGostRequestSigner(dir.Write("k.pem", key), dir.Write("c.pem", cert));

        var der = GostCertificate.ToDer(Encoding.ASCII.GetBytes(cert));

        Assert.That(signer.CertificateHashHex, Is.EqualTo(Convert.ToHexString(Streebog.Hash256(der))).And.Match("^[0-9A-F]{64}$"));
    }

    [Test]
    public void CertificateHashHex_DerCertificateFile_SameAsPem()
    {
        using var dir = new TempDirectory();
        var (key, cert) = GostCredentialGenerator.CreateSelfSigned("t", Now, Now.AddDays(1));
        var derPath = Path.Combine(dir.Path, "c.cer");
        File.WriteAllBytes(derPath, GostCertificate.ToDer(Encoding.ASCII.GetBytes(cert)));

        var fromDer = new FileGostRequestSigner(dir.Write("k.pem", key), derPath).CertificateHashHex;
        var fromPem = new FileGostRequestSigner(Path.Combine(dir.Path, "k.pem"), dir.Write("c.pem", cert)).CertificateHashHex;

        Assert.That(fromDer, Is.EqualTo(fromPem));
    }

    [Test]
    public async Task SignAsync_FilesReplaced_UsesTheNewKeyAndCertificate()
    {
        using var dir = new TempDirectory();
        var first = GostCredentialGenerator.CreateSelfSigned("one", Now, Now.AddDays(1));
        var keyPath = dir.Write("k.pem", first.PrivateKeyPem);
        var certPath = dir.Write("c.pem", first.CertificatePem);
        var signer = new FileGostRequestSigner(keyPath, certPath);
        var oldHash = signer.CertificateHashHex;

        var second = GostCredentialGenerator.CreateSelfSigned("two", Now, Now.AddDays(1));
        File.WriteAllText(keyPath, second.PrivateKeyPem);
        File.WriteAllText(certPath, second.CertificatePem);
        File.SetLastWriteTimeUtc(keyPath, DateTime.UtcNow.AddMinutes(1));
        File.SetLastWriteTimeUtc(certPath, DateTime.UtcNow.AddMinutes(1));
        var data = Encoding.UTF8.GetBytes("data");
        var signature = await signer.SignAsync(data, CancellationToken.None);

        var newKey = GostCertificate.Parse(Encoding.ASCII.GetBytes(second.CertificatePem)).GostPublicKey!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(signer.CertificateHashHex, Is.Not.EqualTo(oldHash));
            Assert.That(GostSignature.Verify(newKey, data, signature), Is.True);
        }
    }

    [Test]
    public void SignAsync_KeyOfAnotherCertificate_Throws()
    {
        using var dir = new TempDirectory();
        var one = GostCredentialGenerator.CreateSelfSigned("one", Now, Now.AddDays(1));
        var two = GostCredentialGenerator.CreateSelfSigned("two", Now, Now.AddDays(1));
        var signer = new FileGostRequestSigner(dir.Write("k.pem", one.PrivateKeyPem), dir.Write("c.pem", two.CertificatePem));

        Assert.That(() => signer.SignAsync([1], CancellationToken.None),
            Throws.InstanceOf<System.Security.Cryptography.CryptographicException>());
    }
}
