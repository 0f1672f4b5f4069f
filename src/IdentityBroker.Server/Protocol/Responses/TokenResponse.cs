using IdentityBroker.Server.Protocol.Tokens;

namespace IdentityBroker.Server.Protocol.Responses;

/// <summary>The successful token response (RFC 6749 §5.1, OIDC Core §3.1.3.3, §12.2; RFC 9449 §5 token_type DPoP), never cached.</summary>
internal static class TokenResponse
{
    public static IResult From(IssuedTokens issued)
    {
        var body = new Dictionary<string, object>
        {
            ["access_token"] = issued.AccessToken,
            ["token_type"] = issued.TokenType,
            ["expires_in"] = issued.ExpiresIn,
            ["scope"] = issued.Scope,
        };
        if (issued.IdToken is not null)
        {
            body["id_token"] = issued.IdToken;
        }

        if (issued.RefreshToken is not null)
        {
            body["refresh_token"] = issued.RefreshToken;
        }

        return new JsonNoStore(body);
    }
}
