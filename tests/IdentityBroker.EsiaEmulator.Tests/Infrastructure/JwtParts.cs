using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace IdentityBroker.EsiaEmulator.Tests.Infrastructure;

/// <summary>Test-side JWT decoding and RS256 verification (independent of the emulator's own code).</summary>
internal sealed record JwtParts(JsonObject Header, JsonObject Payload, bool SignatureValid)
{
    public static JwtParts Parse(string token, X509Certificate2 certificate)
    {
        var parts = token.Split('.');
        Assert.That(parts, Has.Length.EqualTo(3), "a JWT has three parts");
        using var rsa = certificate.GetRSAPublicKey()!;
        var valid = rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromBase64Url(parts[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return new JwtParts(
            JsonNode.Parse(FromBase64Url(parts[0]))!.AsObject(),
            JsonNode.Parse(FromBase64Url(parts[1]))!.AsObject(),
            valid);
    }

    public static byte[] FromBase64Url(string value)
    {
        var s = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
