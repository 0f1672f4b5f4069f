namespace IdentityBroker.EsiaEmulator.Protocol;

/// <summary>An ESIA error: OAuth <c>error</c> value, ESIA code and English text (ESIA.md §8, §2.4, §3.5).</summary>
internal sealed record EsiaError(string Error, string Code, string Text)
{
    public string Description => $"{Code}: {Text}";

    public static EsiaError CertificateMismatch { get; } =
        new("invalid_request", "ESIA-007002", "The client certificate does not match the client_id (mnemonic) of the system.");

    public static EsiaError InvalidParameter(string name) =>
        new("invalid_request", "ESIA-007003", $"The request contains an invalid or duplicated parameter [{name}].");

    public static EsiaError AccessDenied { get; } =
        new("access_denied", "ESIA-007004", "The resource owner or authorization server denied the request.");

    public static EsiaError UnauthorizedClient { get; } =
        new("unauthorized_client", "ESIA-007005", "The client is not authorized to request an access token using this method.");

    public static EsiaError InvalidScope { get; } =
        new("invalid_scope", "ESIA-007006", "The requested scope is invalid, unknown, or malformed.");

    public static EsiaError TemporarilyUnavailable { get; } = new("temporarily_unavailable", "ESIA-007008",
        "The authorization server is currently unable to handle the request due to a temporary overloading or maintenance of the server.");

    public static EsiaError UnsupportedResponseType { get; } = new("unsupported_response_type", "ESIA-007009",
        "The authorization server does not support obtaining an authorization code using this method.");

    public static EsiaError InvalidClient { get; } = new("invalid_client", "ESIA-007010", "Client authentication failed.");

    public static EsiaError InvalidGrant { get; } = new("invalid_grant", "ESIA-007011",
        "The provided authorization grant or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.");

    public static EsiaError UnsupportedGrantType { get; } = new("unsupported_grant_type", "ESIA-007012",
        "The authorization grant type is not supported by the authorization server.");

    public static EsiaError NoScope { get; } = new("invalid_scope", "ESIA-007013", "The request does not contain a scope.");

    public static EsiaError MissingParameter(string name) =>
        new("invalid_request", "ESIA-007014", $"The request does not contain the mandatory parameter [{name}].");

    public static EsiaError WrongTime { get; } = new("invalid_request", "ESIA-007015", "Invalid request time.");

    public static EsiaError RefreshTokenExpired { get; } = new("expired_token", "ESIA-007027", "The refresh token has expired.");

    public static EsiaError RedirectUriNotAllowed { get; } =
        new("invalid_request", "ESIA-007023", "The redirect_uri is not allowed for this system.");

    public static EsiaError AccountBlocked { get; } = new("invalid_request", "ESIA-007036", "The user account is blocked.");

    /// <summary>
    /// The error ESIA sends for <paramref name="code"/> (ESIA.md §8), for the <c>callbackError</c> fault; null for a code
    /// the emulator does not know.
    /// </summary>
    public static EsiaError? ForCode(string code) => code.ToUpperInvariant() switch
    {
        "ESIA-007002" => CertificateMismatch,
        "ESIA-007004" => AccessDenied,
        "ESIA-007005" => UnauthorizedClient,
        "ESIA-007006" => InvalidScope,
        "ESIA-007008" => TemporarilyUnavailable,
        "ESIA-007010" => InvalidClient,
        "ESIA-008010" => new("invalid_client", "ESIA-008010", "Client authentication failed."),
        "ESIA-007013" => NoScope,
        "ESIA-007015" => WrongTime,
        "ESIA-007019" => new("no_grants", "ESIA-007019", "No grants."),
        "ESIA-007023" => RedirectUriNotAllowed,
        "ESIA-007036" => AccountBlocked,
        "ESIA-007046" => new("authorization2faNotAvailable", "ESIA-007046", "Two-factor authentication is required by the scope but not available to the user."),
        "ESIA-007053" => ClientSecretWrong,
        "ESIA-007055" => new("invalid_request", "ESIA-007055", "Вход в систему осуществляется с неподтвержденной учетной записью"),
        "ESIA-007071" => new("authCanOnlyByPermissions", "ESIA-007071", "Personal data are available only through consents."),
        _ => null,
    };

    /// <summary>Observed in the wild with <c>error=access_denied</c> (ESIA.md §2.4, ilimurzin/esia #7).</summary>
    public static EsiaError ClientSecretWrong { get; } = new("access_denied", "ESIA-007053", "OAuthErrorEnum.clientSecretWrong");
}
