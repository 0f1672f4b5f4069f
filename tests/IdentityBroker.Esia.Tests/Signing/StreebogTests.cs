using System.Text;
using IdentityBroker.Esia.Signing;

namespace IdentityBroker.Esia.Tests.Signing;

/// <summary>
/// Known answers from RFC 6986 §10.1/§10.2. The RFC prints messages and hashes as big-endian numbers, i.e. byte-reversed
/// relative to the byte stream; the expected values below are the RFC's hex strings reversed byte by byte.
/// </summary>
public sealed class StreebogTests
{
    // RFC 6986 §10.1 M1 as printed: 323130...3130 → reversed = ASCII "0123456789" * 6 + "012" (63 bytes)
    private const string M1Printed =
        "323130393837363534333231303938373635343332313039383736353433323130393837363534333231303938373635343332313039383736353433323130";

    // RFC 6986 §10.2 M2 as printed (72 bytes, CP1251 text "Се ветри, Стрибожи внуци, ...")
    private const string M2Printed =
        "fbe2e5f0eee3c820fbeafaebef20fffbf0e1e0f0f520e0ed20e8ece0ebe5f0f2f120fff0eeec20f120faf2fee5e2202ce8f6f3ede220e8e6eee1e8f0f2d1202ce8f0f2e5e220e5d1";

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(M1Printed, 512,
            "486f64c1917879417fef082b3381a4e211c324f074654c38823a7b76f830ad00fa1fbae42b1285c0352f227524bc9ab16254288dd6863dccd5b9f54a1ad0541b")
            .SetName("Streebog512_RfcM1_MatchesKnownAnswer");
        yield return new TestCaseData(M1Printed, 256,
            "00557be5e584fd52a449b16b0251d05d27f94ab76cbaa6da890b59d8ef1e159d")
            .SetName("Streebog256_RfcM1_MatchesKnownAnswer");
        yield return new TestCaseData(M2Printed, 512,
            "28fbc9bada033b1460642bdcddb90c3fb3e56c497ccd0f62b8a2ad4935e85f037613966de4ee00531ae60f3b5a47f8dae06915d5f2f194996fcabf2622e6881e")
            .SetName("Streebog512_RfcM2_MatchesKnownAnswer");
        yield return new TestCaseData(M2Printed, 256,
            "508f7e553c06501d749a66fc28c6cac0b005746d97537fa85d9e40904efed29d")
            .SetName("Streebog256_RfcM2_MatchesKnownAnswer");
    }

    [TestCaseSource(nameof(Cases))]
    public void Hash_RfcExample_MatchesPrintedValue(string messagePrinted, int bits, string hashPrinted)
    {
        var message = Reversed(messagePrinted);

        var hash = bits == 256 ? Streebog.Hash256(message) : Streebog.Hash512(message);

        Assert.That(Convert.ToHexStringLower(hash), Is.EqualTo(Convert.ToHexStringLower(Reversed(hashPrinted))));
    }

    [Test]
    public void RfcM1_Reversed_IsTheAsciiDigitString()
    {
        Assert.That(Encoding.ASCII.GetString(Reversed(M1Printed)),
            Is.EqualTo("012345678901234567890123456789012345678901234567890123456789012"));
    }

    [Test]
    public void Hash256_M1_MatchesTheByteOrderValueOtherImplementationsPrint()
    {
        var hash = Streebog.Hash256(Encoding.ASCII.GetBytes("012345678901234567890123456789012345678901234567890123456789012"));

        Assert.That(Convert.ToHexStringLower(hash), Is.EqualTo("9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500"));
    }

    [Test]
    public void CertificateHashHex_AnyInput_Is64UpperCaseHexDigits()
    {
        var hex = Streebog.CertificateHashHex([1, 2, 3]);

        Assert.That(hex, Does.Match("^[0-9A-F]{64}$"));
    }

    internal static byte[] Reversed(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        Array.Reverse(bytes);
        return bytes;
    }
}
