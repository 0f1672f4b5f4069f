namespace IdentityBroker.DemoClient.Endpoints;

/// <summary>Names under which the tokens are kept in the session cookie's authentication properties.</summary>
internal static class SessionTokens
{
    public const string IdToken = "id_token";
    public const string AccessToken = "access_token";
    public const string TokenType = "token_type";
    public const string ExpiresAt = "expires_at";
}
