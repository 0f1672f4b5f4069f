using System.Text;
using IdentityBroker.Esia.Signing;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace IdentityBroker.Esia.Tests.Signing;

public sealed class GostSignatureTests
{
    private static ECPrivateKeyParameters NewKey()
    {
        var domain = GostKeyEncoding.DomainParameters(GostOids.ParamSetA256);
        return new ECPrivateKeyParameters(new BigInteger(200, new SecureRandom()).Add(BigInteger.One), domain);
    }

    [Test]
    public void Sign_AnyData_IsSThenRBigEndian32BytesEach()
    {
        var key = NewKey();
        var data = Encoding.UTF8.GetBytes("TESTAPPopenid2021.11.10 12:28:46 +0300");
        var k = new BigInteger("1234567890123456789012345678901234567890");

        var signature = GostSignature.Sign(key, data, new FixedSecureRandom(k.ToByteArrayUnsigned()));

        // the same signature via the raw signer: hash, read as little-endian (done inside ECGost3410Signer), sign
        var digest = new Gost3411_2012_256Digest();
        digest.BlockUpdate(data, 0, data.Length);
        var hash = new byte[32];
        digest.DoFinal(hash, 0);
        var raw = new ECGost3410Signer();
        raw.Init(true, new ParametersWithRandom(key, new FixedSecureRandom(k.ToByteArrayUnsigned())));
        var rs = raw.GenerateSignature(hash);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(signature, Has.Length.EqualTo(64));
            Assert.That(signature[..32], Is.EqualTo(GostKeyEncoding.ToFixedBytes(rs[1], 32)), "first half is s");
            Assert.That(signature[32..], Is.EqualTo(GostKeyEncoding.ToFixedBytes(rs[0], 32)), "second half is r");
        }
    }

    [Test]
    public void Verify_OwnSignature_Succeeds()
    {
        var key = NewKey();
        var data = Encoding.UTF8.GetBytes("payload");

        var signature = GostSignature.Sign(key, data);

        Assert.That(GostSignature.Verify(GostKeyEncoding.PublicFromPrivate(key), data, signature), Is.True);
    }

    [Test]
    public void Verify_ByteReversedSignature_Fails()
    {
        var key = NewKey();
        var data = Encoding.UTF8.GetBytes("payload");
        var signature = GostSignature.Sign(key, data);

        Array.Reverse(signature);

        Assert.That(GostSignature.Verify(GostKeyEncoding.PublicFromPrivate(key), data, signature), Is.False);
    }

    [Test]
    public void Verify_OtherData_Fails()
    {
        var key = NewKey();
        var signature = GostSignature.Sign(key, Encoding.UTF8.GetBytes("a"));

        Assert.That(GostSignature.Verify(GostKeyEncoding.PublicFromPrivate(key), Encoding.UTF8.GetBytes("b"), signature), Is.False);
    }

    [TestCase(new byte[] { 0xfb, 0xff, 0xfe }, "-__-")]
    [TestCase(new byte[] { 0xfb, 0xff }, "-_8")]
    [TestCase(new byte[] { 0x00 }, "AA")]
    public void Base64UrlEncode_Bytes_UsesUrlAlphabetWithoutPadding(byte[] data, string expected)
    {
        Assert.That(Base64Url.Encode(data), Is.EqualTo(expected));
    }

    [Test]
    public void Base64UrlDecode_EncodedSignature_RoundTrips()
    {
        var bytes = RandomBytes(64);

        Assert.That(Base64Url.Decode(Base64Url.Encode(bytes)), Is.EqualTo(bytes));
    }

    private static byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        new SecureRandom().NextBytes(b);
        return b;
    }
}
