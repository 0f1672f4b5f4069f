using System.Text.Json;
using IdentityBroker.Core.Stores;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Protocol.Responses;

/// <summary>The introspection response (RFC 7662 §2.2), never cached. An inactive token gets only <c>active: false</c>.</summary>
internal static class IntrospectionResponse
{
    public static IResult Inactive() => new JsonNoStore(new Dictionary<string, object> { [ProtocolNames.Introspection.Active] = false });

    /// <summary>An active access token: its own claims (RFC 9068 §2.2), token_type DPoP when bound (RFC 9449 §6.1).</summary>
    public static IResult ForAccessToken(JsonWebToken token)
    {
        var body = new Dictionary<string, object> { [ProtocolNames.Introspection.Active] = true };
        foreach (var name in new[] { ProtocolNames.Claims.Scope, ProtocolNames.Claims.ClientId, JwtRegisteredClaimNames.Sub, JwtRegisteredClaimNames.Iss, JwtRegisteredClaimNames.Jti })
        {
            if (token.TryGetPayloadValue<string>(name, out var value))
            {
                body[name] = value;
            }
        }

        foreach (var name in new[] { JwtRegisteredClaimNames.Exp, JwtRegisteredClaimNames.Iat })
        {
            if (token.TryGetPayloadValue<long>(name, out var value))
            {
                body[name] = value;
            }
        }

        var audiences = token.Audiences.ToArray();
        body[JwtRegisteredClaimNames.Aud] = audiences.Length == 1 ? audiences[0] : audiences;
        var bound = token.TryGetPayloadValue<JsonElement>(ConfirmationClaimTypes.Cnf, out var cnf) && cnf.ValueKind == JsonValueKind.Object;
        body[OpenIdConnectParameterNames.TokenType] = bound ? ProtocolNames.TokenTypes.DPoP : ProtocolNames.TokenTypes.Bearer;
        if (bound)
        {
            body[ConfirmationClaimTypes.Cnf] = cnf;
        }

        return new JsonNoStore(body);
    }

    /// <summary>An active refresh token: for the client it was issued to only.</summary>
    public static IResult ForRefreshToken(RefreshTokenRecord token, string issuer)
    {
        var body = new Dictionary<string, object>
        {
            [ProtocolNames.Introspection.Active] = true,
            [ProtocolNames.Claims.Scope] = token.Scope,
            [ProtocolNames.Claims.ClientId] = token.ClientId,
            [JwtRegisteredClaimNames.Sub] = token.Subject,
            [JwtRegisteredClaimNames.Exp] = token.ExpiresAt.ToUnixTimeSeconds(),
            [JwtRegisteredClaimNames.Iat] = token.CreatedAt.ToUnixTimeSeconds(),
            [JwtRegisteredClaimNames.Iss] = issuer,
        };
        if (token.DpopJkt is not null)
        {
            body[ConfirmationClaimTypes.Cnf] = new Dictionary<string, string> { [ConfirmationClaimTypes.Jkt] = token.DpopJkt };
        }

        return new JsonNoStore(body);
    }
}
