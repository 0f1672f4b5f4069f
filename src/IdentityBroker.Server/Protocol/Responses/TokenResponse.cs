using IdentityBroker.Server.Protocol.Tokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Protocol.Responses;

/// <summary>The successful token response (RFC 6749 §5.1, OIDC Core §3.1.3.3, §12.2; RFC 9449 §5 token_type DPoP), never cached.</summary>
internal static class TokenResponse
{
    public static IResult From(IssuedTokens issued)
    {
        var body = new Dictionary<string, object>
        {
            [OpenIdConnectParameterNames.AccessToken] = issued.AccessToken,
            [OpenIdConnectParameterNames.TokenType] = issued.TokenType,
            [OpenIdConnectParameterNames.ExpiresIn] = issued.ExpiresIn,
            [OpenIdConnectParameterNames.Scope] = issued.Scope,
        };
        if (issued.IdToken is not null)
        {
            body[OpenIdConnectParameterNames.IdToken] = issued.IdToken;
        }

        if (issued.RefreshToken is not null)
        {
            body[OpenIdConnectParameterNames.RefreshToken] = issued.RefreshToken;
        }

        return new JsonNoStore(body);
    }
}
