using IdentityBroker.EsiaEmulator.Crypto;
using IdentityBroker.EsiaEmulator.Tests.Infrastructure;

namespace IdentityBroker.EsiaEmulator.Tests.Crypto;

public sealed class ClientSecretVerifierTests
{
    private const string Signed = "TESTISopenid2021.11.10 12:28:46 +0300f3b2c1a0-1111-4222-8333-944455556666https://broker.test/cb";
    private static readonly GostTestKey Key = GostTestKey.Create();
    private static readonly GostCertificate Certificate = GostCertificate.FromDer(Key.CertificateDer);

    [Test]
    public void Verify_Base64UrlWithoutPadding_Accepted() =>
        Assert.That(ClientSecretVerifier.Verify(Certificate, Signed, Key.SignBase64Url(Signed), acceptReversed: false), Is.True);

    [Test]
    public void Verify_StandardBase64WithPadding_Accepted() =>
        Assert.That(ClientSecretVerifier.Verify(Certificate, Signed, Convert.ToBase64String(Key.SignRaw(Signed)), acceptReversed: false), Is.True);

    [Test]
    public void Verify_ByteReversedSignature_AcceptedOnlyWhenAllowed()
    {
        var reversed = Convert.ToBase64String(Key.SignRaw(Signed).Reverse().ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(ClientSecretVerifier.Verify(Certificate, Signed, reversed, acceptReversed: true), Is.True);
            Assert.That(ClientSecretVerifier.Verify(Certificate, Signed, reversed, acceptReversed: false), Is.False);
        });
    }

    [Test]
    public void Verify_OtherSignedString_Rejected() =>
        Assert.That(ClientSecretVerifier.Verify(Certificate, Signed + "x", Key.SignBase64Url(Signed), acceptReversed: true), Is.False);

    [Test]
    public void Verify_OtherKey_Rejected() =>
        Assert.That(ClientSecretVerifier.Verify(Certificate, Signed, GostTestKey.Create().SignBase64Url(Signed), acceptReversed: true), Is.False);

    [TestCase("")]
    [TestCase("not base64!")]
    [TestCase("AAAA")]
    public void Verify_MalformedSecret_Rejected(string secret) =>
        Assert.That(ClientSecretVerifier.Verify(Certificate, Signed, secret, acceptReversed: true), Is.False);

    [Test]
    public void FromDer_TestCertificate_HashIsStreebogOfDer() =>
        Assert.That(Certificate.HashHex, Is.EqualTo(Key.CertificateHash));
}
