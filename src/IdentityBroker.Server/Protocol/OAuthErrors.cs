namespace IdentityBroker.Server.Protocol;

/// <summary>OAuth 2.0 / OIDC error codes (RFC 6749 §4.1.2.1, §5.2; OIDC Core §3.1.2.6) and our fixed descriptions, so tests can assert on them.</summary>
internal static class OAuthErrors
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidClient = "invalid_client";
    public const string InvalidGrant = "invalid_grant";
    public const string UnauthorizedClient = "unauthorized_client";
    public const string UnsupportedGrantType = "unsupported_grant_type";
    public const string UnsupportedResponseType = "unsupported_response_type";
    public const string InvalidScope = "invalid_scope";
    public const string AccessDenied = "access_denied";
    public const string LoginRequired = "login_required";
    public const string ServerError = "server_error";
    public const string TemporarilyUnavailable = "temporarily_unavailable";
    public const string InvalidToken = "invalid_token";

    /// <summary>RFC 6750 §3.1: the token lacks the scope the resource needs.</summary>
    public const string InsufficientScope = "insufficient_scope";

    public const string RequestNotSupported = "request_not_supported";
    public const string RequestUriNotSupported = "request_uri_not_supported";
}
