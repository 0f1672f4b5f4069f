using System.Text.Json;
using IdentityBroker.Core.Stores;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityBroker.Server.Protocol.Responses;

/// <summary>The introspection response (RFC 7662 §2.2), never cached. An inactive token gets only <c>active: false</c>.</summary>
internal static class IntrospectionResponse
{
    public static IResult Inactive() => new JsonNoStore(new Dictionary<string, object> { ["active"] = false });

    /// <summary>An active access token: its own claims (RFC 9068 §2.2), token_type DPoP when bound (RFC 9449 §6.1).</summary>
    public static IResult ForAccessToken(JsonWebToken token)
    {
        var body = new Dictionary<string, object> { ["active"] = true };
        foreach (var name in new[] { "scope", "client_id", "sub", "iss", "jti" })
        {
            if (token.TryGetPayloadValue<string>(name, out var value))
            {
                body[name] = value;
            }
        }

        foreach (var name in new[] { "exp", "iat" })
        {
            if (token.TryGetPayloadValue<long>(name, out var value))
            {
                body[name] = value;
            }
        }

        var audiences = token.Audiences.ToArray();
        body["aud"] = audiences.Length == 1 ? audiences[0] : audiences;
        var bound = token.TryGetPayloadValue<JsonElement>("cnf", out var cnf) && cnf.ValueKind == JsonValueKind.Object;
        body["token_type"] = bound ? "DPoP" : "Bearer";
        if (bound)
        {
            body["cnf"] = cnf;
        }

        return new JsonNoStore(body);
    }

    /// <summary>An active refresh token: for the client it was issued to only.</summary>
    public static IResult ForRefreshToken(RefreshTokenRecord token, string issuer)
    {
        var body = new Dictionary<string, object>
        {
            ["active"] = true,
            ["scope"] = token.Scope,
            ["client_id"] = token.ClientId,
            ["sub"] = token.Subject,
            ["exp"] = token.ExpiresAt.ToUnixTimeSeconds(),
            ["iat"] = token.CreatedAt.ToUnixTimeSeconds(),
            ["iss"] = issuer,
        };
        if (token.DpopJkt is not null)
        {
            body["cnf"] = new Dictionary<string, string> { ["jkt"] = token.DpopJkt };
        }

        return new JsonNoStore(body);
    }
}
