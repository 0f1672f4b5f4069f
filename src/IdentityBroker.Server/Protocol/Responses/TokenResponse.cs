using IdentityBroker.Server.Protocol.Tokens;

namespace IdentityBroker.Server.Protocol.Responses;

/// <summary>The successful token response (RFC 6749 §5.1, OIDC Core §3.1.3.3), never cached.</summary>
internal static class TokenResponse
{
    public static IResult From(IssuedTokens issued) => new JsonNoStore(new Dictionary<string, object>
    {
        ["access_token"] = issued.AccessToken,
        ["token_type"] = "Bearer",
        ["expires_in"] = issued.ExpiresIn,
        ["id_token"] = issued.IdToken,
        ["scope"] = issued.Scope,
    });
}
