using System.Text;
using IdentityBroker.EsiaEmulator.Crypto;

namespace IdentityBroker.EsiaEmulator.Tests.Crypto;

public sealed class GostHashTests
{
    // RFC 6986 §10.1 writes M1 and H(M1) as big numbers, i.e. byte-reversed relative to the byte stream that is hashed.
    private const string RfcM1 =
        "323130393837363534333231303938373635343332313039383736353433323130393837363534333231303938373635343332313039383736353433323130";

    private const string RfcM1Hash256 = "00557be5e584fd52a449b16b0251d05d27f94ab76cbaa6da890b59d8ef1e159d";

    [Test]
    public void Streebog256_RfcExampleM1_MatchesKnownAnswer()
    {
        var message = Convert.FromHexString(RfcM1).Reverse().ToArray();
        var expected = Convert.ToHexString(Convert.FromHexString(RfcM1Hash256).Reverse().ToArray());

        var actual = GostHash.Streebog256Hex(message);

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.ASCII.GetString(message), Is.EqualTo("012345678901234567890123456789012345678901234567890123456789012"));
            Assert.That(actual, Is.EqualTo(expected));
        });
    }

    [Test]
    public void Streebog256_EmptyInput_MatchesKnownAnswer()
    {
        var actual = GostHash.Streebog256Hex([]);

        Assert.That(actual, Is.EqualTo("3F539A213E97C802CC229D474C6AA32A825A360B2A933A949FD925208D9CE1BB"));
    }
}
