using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using IdentityBroker.Esia.Signing;
using Org.BouncyCastle.Crypto.Parameters;

namespace IdentityBroker.Esia.Tests.Client;

/// <summary>Mints ESIA-shaped JWTs by hand (not with the library under test): header without kid, sbt and ver.</summary>
internal static class TestTokens
{
    public static JsonObject Claims(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Esia", file)))!.AsObject();

    public static void SetTimes(JsonObject claims, DateTimeOffset issued, TimeSpan lifetime)
    {
        claims["iat"] = issued.ToUnixTimeSeconds();
        claims["nbf"] = issued.ToUnixTimeSeconds();
        claims["exp"] = issued.Add(lifetime).ToUnixTimeSeconds();
        if (claims.ContainsKey("auth_time"))
        {
            claims["auth_time"] = issued.AddSeconds(-5).ToUnixTimeSeconds();
        }
    }

    public static string SignRs256(JsonObject claims, string sbt, RSA key) =>
        Sign(claims, "RS256", sbt, data => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static string SignGost(JsonObject claims, string sbt, ECPrivateKeyParameters key) =>
        Sign(claims, "GOST3410_2012_256", sbt, data => GostSignature.Sign(key, data));

    private static string Sign(JsonObject claims, string alg, string sbt, Func<byte[], byte[]> sign)
    {
        var header = $"{{\"alg\":\"{alg}\",\"typ\":\"JWT\",\"sbt\":\"{sbt}\",\"ver\":1}}";
        var signingInput = Base64Url.Encode(Encoding.UTF8.GetBytes(header)) + "." +
                           Base64Url.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return signingInput + "." + Base64Url.Encode(sign(Encoding.ASCII.GetBytes(signingInput)));
    }
}
