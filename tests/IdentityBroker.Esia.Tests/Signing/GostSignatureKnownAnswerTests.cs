using IdentityBroker.Esia.Signing;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace IdentityBroker.Esia.Tests.Signing;

/// <summary>
/// RFC 7091 Appendix A.1 (GOST R 34.10-2012 example 1, 256-bit, test curve): given d, k and e, r and s must come out
/// exactly; verification with the given Q must succeed.
/// </summary>
public sealed class GostSignatureKnownAnswerTests
{
    private static readonly BigInteger P = new("57896044618658097711785492504343953926634992332820282019728792003956564821041");
    private static readonly BigInteger A = new("7");
    private static readonly BigInteger B = new("43308876546767276905765904595650931995942111794451039583252968842033849580414");
    private static readonly BigInteger Q = new("57896044618658097711785492504343953927082934583725450622380973592137631069619");
    private static readonly BigInteger Px = new("2");
    private static readonly BigInteger Py = new("4018974056539037503335449422937059775635739389905545080690979365213431566280");
    private static readonly BigInteger D = new("55441196065363246126355624130324183196576709222340016572108097750006097525544");
    private static readonly BigInteger Qx = new("57520216126176808443631405023338071176630104906313632182896741342206604859403");
    private static readonly BigInteger Qy = new("17614944419213781543809391949654080031942662045363639260709847859438286763994");
    private static readonly BigInteger E = new("20798893674476452017134061561508270130637142515379653289952617252661468872421");
    private static readonly BigInteger K = new("53854137677348463731403841147996619241504003434302020712960838528893196233395");
    private static readonly BigInteger R = new("29700980915817952874371204983938256990422752107994319651632687982059210933395");
    private static readonly BigInteger S = new("574973400270084654178925310019147038455227042649098563933718999175515839552");

    private static ECDomainParameters Domain()
    {
        var curve = new FpCurve(P, A, B, Q, BigInteger.One);
        return new ECDomainParameters(curve, curve.CreatePoint(Px, Py), Q);
    }

    // ECGost3410Signer reads the message as a little-endian number (GOST hash convention)
    private static byte[] MessageForE()
    {
        var bytes = GostKeyEncoding.ToFixedBytes(E, 32);
        Array.Reverse(bytes);
        return bytes;
    }

    [Test]
    public void Sign_Rfc7091ExampleWithFixedK_ProducesExactRAndS()
    {
        var signer = new ECGost3410Signer();
        signer.Init(true, new Org.BouncyCastle.Crypto.Parameters.ParametersWithRandom(
            new ECPrivateKeyParameters(D, Domain()), new FixedSecureRandom(K.ToByteArrayUnsigned())));

        var rs = signer.GenerateSignature(MessageForE());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rs[0], Is.EqualTo(R), "r");
            Assert.That(rs[1], Is.EqualTo(S), "s");
        }
    }

    [Test]
    public void PublicKey_Rfc7091PrivateKey_IsTheGivenQ()
    {
        var q = Domain().G.Multiply(D).Normalize();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(q.AffineXCoord.ToBigInteger(), Is.EqualTo(Qx));
            Assert.That(q.AffineYCoord.ToBigInteger(), Is.EqualTo(Qy));
        }
    }

    [Test]
    public void Verify_Rfc7091SignatureWithGivenQ_Succeeds()
    {
        var domain = Domain();
        var verifier = new ECGost3410Signer();
        verifier.Init(false, new ECPublicKeyParameters(domain.Curve.CreatePoint(Qx, Qy), domain));

        Assert.That(verifier.VerifySignature(MessageForE(), R, S), Is.True);
    }

    [Test]
    public void Verify_Rfc7091SignatureWithAlteredS_Fails()
    {
        var domain = Domain();
        var verifier = new ECGost3410Signer();
        verifier.Init(false, new ECPublicKeyParameters(domain.Curve.CreatePoint(Qx, Qy), domain));

        Assert.That(verifier.VerifySignature(MessageForE(), R, S.Add(BigInteger.One)), Is.False);
    }
}
