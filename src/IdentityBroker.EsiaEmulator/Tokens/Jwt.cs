using System.Text;
using System.Text.Json.Nodes;
using IdentityBroker.EsiaEmulator.Crypto;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.EsiaEmulator.Tokens;

/// <summary>
/// Writes and reads ESIA-shaped JWTs (RS256 or GOST3410_2012_256) by hand: the header carries <c>sbt</c>/<c>ver</c>/<c>x5t#St256</c> and never a
/// <c>kid</c> (ESIA.md §4.1), which general-purpose JWT libraries would add or reject.
/// </summary>
internal static class Jwt
{
    public static string Write(string subjectType, JsonObject payload, TokenSigningKey key, bool corruptSignature)
    {
        var header = new JsonObject
        {
            ["alg"] = key.Algorithm,
            ["typ"] = "JWT",
            ["sbt"] = subjectType,
            ["ver"] = 1,
            ["x5t#St256"] = key.Thumbprint,
        };
        var signingInput = Base64UrlEncoder.Encode(header.ToJsonString()) + "." + Base64UrlEncoder.Encode(payload.ToJsonString());
        var signature = key.Sign(Encoding.ASCII.GetBytes(signingInput));
        if (corruptSignature)
        {
            signature[^1] ^= 0x5A;
        }

        return signingInput + "." + Base64UrlEncoder.Encode(signature);
    }

    /// <summary>Returns the header and payload if the signature verifies with one of <paramref name="keys"/>; null otherwise.</summary>
    public static (JsonObject Header, JsonObject Payload)? Read(string token, params TokenSigningKey[] keys)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var data = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
            if (!keys.Any(k => k.Verify(data, signature)))
            {
                return null;
            }

            var header = JsonNode.Parse(Base64UrlEncoder.Decode(parts[0])) as JsonObject;
            var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1])) as JsonObject;
            return header is null || payload is null ? null : (header, payload);
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or ArgumentException)
        {
            return null;
        }
    }
}
