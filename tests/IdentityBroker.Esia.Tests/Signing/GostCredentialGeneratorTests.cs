using System.Security.Cryptography.X509Certificates;
using IdentityBroker.Esia.Signing;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.X509;

namespace IdentityBroker.Esia.Tests.Signing;

public sealed class GostCredentialGeneratorTests
{
    private static readonly DateTimeOffset NotBefore = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static (string Key, string Cert) Create() =>
        GostCredentialGenerator.CreateSelfSigned("IdentityBroker dev 38", NotBefore, NotAfter);

    [Test]
    public void CreateSelfSigned_Certificate_ParsesWithBouncyCastleParser()
    {
        var (_, pem) = Create();

        var cert = new X509CertificateParser().ReadCertificate(System.Text.Encoding.ASCII.GetBytes(pem));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(cert, Is.Not.Null);
            Assert.That(cert.SubjectDN.ToString(), Is.EqualTo("CN=IdentityBroker dev 38"));
            Assert.That(cert.IssuerDN.ToString(), Is.EqualTo("CN=IdentityBroker dev 38"));
            Assert.That(cert.SigAlgOid, Is.EqualTo("1.2.643.7.1.1.3.2"));
            Assert.That(cert.Version, Is.EqualTo(3));
            Assert.That(cert.NotBefore, Is.EqualTo(NotBefore.UtcDateTime));
            Assert.That(cert.NotAfter, Is.EqualTo(NotAfter.UtcDateTime));
        }
    }

    [Test]
    public void CreateSelfSigned_PublicKeyInfo_HasGost2012OidsAndParameters()
    {
        var (_, pem) = Create();
        var cert = new X509CertificateParser().ReadCertificate(System.Text.Encoding.ASCII.GetBytes(pem));

        var spki = cert.CertificateStructure.SubjectPublicKeyInfo;
        var parameters = Asn1Sequence.GetInstance(spki.AlgorithmID.Parameters);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(spki.AlgorithmID.Algorithm.Id, Is.EqualTo("1.2.643.7.1.1.1.1"));
            Assert.That(DerObjectIdentifier.GetInstance(parameters[0]).Id, Is.EqualTo("1.2.643.7.1.2.1.1.1"));
            Assert.That(DerObjectIdentifier.GetInstance(parameters[1]).Id, Is.EqualTo("1.2.643.7.1.1.2.2"));
            Assert.That(Asn1OctetString.GetInstance(Asn1Object.FromByteArray(spki.PublicKeyData.GetBytes())).GetOctets(),
                Has.Length.EqualTo(64));
        }
    }

    [Test]
    public void CreateSelfSigned_Signature_VerifiesWithItsOwnPublicKey()
    {
        var (_, pem) = Create();
        var cert = new X509CertificateParser().ReadCertificate(System.Text.Encoding.ASCII.GetBytes(pem));
        var publicKey = GostKeyEncoding.TryDecodePublicKey(cert.CertificateStructure.SubjectPublicKeyInfo)!;

        var valid = GostSignature.Verify(publicKey, cert.GetTbsCertificate(), cert.GetSignature());

        Assert.That(valid, Is.True);
    }

    [Test]
    public void CreateSelfSigned_TamperedTbs_DoesNotVerify()
    {
        var (_, pem) = Create();
        var cert = new X509CertificateParser().ReadCertificate(System.Text.Encoding.ASCII.GetBytes(pem));
        var publicKey = GostKeyEncoding.TryDecodePublicKey(cert.CertificateStructure.SubjectPublicKeyInfo)!;
        var tbs = cert.GetTbsCertificate();
        tbs[^1] ^= 1;

        Assert.That(GostSignature.Verify(publicKey, tbs, cert.GetSignature()), Is.False);
    }

    [Test]
    public void CreateSelfSigned_Certificate_LoadsInDotNetX509Certificate2()
    {
        var (_, pem) = Create();

        using var cert = X509Certificate2.CreateFromPem(pem);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(cert.Subject, Is.EqualTo("CN=IdentityBroker dev 38"));
            Assert.That(cert.SignatureAlgorithm.Value, Is.EqualTo("1.2.643.7.1.1.3.2"));
            Assert.That(cert.PublicKey.Oid.Value, Is.EqualTo("1.2.643.7.1.1.1.1"));
        }
    }

    [Test]
    public void PrivateKeyPem_RoundTrip_GivesTheSameKeyThatMatchesTheCertificate()
    {
        var (keyPem, certPem) = Create();

        var key = GostKeyEncoding.DecodePrivateKeyPem(keyPem);
        var again = GostKeyEncoding.DecodePrivateKeyPem(GostKeyEncoding.EncodePrivateKeyPem(key));
        var certificate = GostCertificate.Parse(System.Text.Encoding.ASCII.GetBytes(certPem));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(keyPem, Does.StartWith("-----BEGIN PRIVATE KEY-----"));
            Assert.That(again.D, Is.EqualTo(key.D));
            Assert.That(GostKeyEncoding.PublicFromPrivate(key).Q, Is.EqualTo(certificate.GostPublicKey!.Q));
        }
    }

    [Test]
    public void CreateSelfSigned_TwoCalls_GiveDifferentKeys()
    {
        var first = Create();
        var second = Create();

        Assert.That(first.Key, Is.Not.EqualTo(second.Key));
    }
}
