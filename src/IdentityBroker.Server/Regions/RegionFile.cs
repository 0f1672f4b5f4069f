using IdentityBroker.Esia;

namespace IdentityBroker.Server.Regions;

/// <summary>
/// One region's declarative file (R-REGION-1, R-REGION-4): adding a region is adding a file like this, not code.
/// Format and examples: docs/regions.md.
/// </summary>
public sealed class RegionFile
{
    /// <summary>Two-digit subject code, e.g. "38".</summary>
    public string Code { get; set; } = string.Empty;

    /// <summary>Russian display name, e.g. "Иркутская область".</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>IANA time zone id, e.g. "Asia/Irkutsk" (R-MATCH-1).</summary>
    public string TimeZone { get; set; } = "Europe/Moscow";

    public RegionPolicyFile Policy { get; set; } = new();

    /// <summary>The region's own ESIA registration (R-REGION-1).</summary>
    public EsiaRegistrationOptions Esia { get; set; } = new();

    public List<ClientFile> Clients { get; set; } = [];

    /// <summary>Where the broker sends consent notifications (R-CONSENT-3/5 webhooks; docs/webhooks.md). Optional.</summary>
    public NotificationsFile? Notifications { get; set; }
}

/// <summary>
/// The region's notification endpoint: consent webhooks are POSTed there, signed with HMAC-SHA256 under a per-region
/// secret. The secret is never in the region file: it is read from a file or an environment variable at start-up.
/// </summary>
public sealed class NotificationsFile
{
    /// <summary>Absolute https URL (http only for loopback addresses, development and tests).</summary>
    public string WebhookUrl { get; set; } = string.Empty;

    /// <summary>A file holding the HMAC secret (e.g. a Kubernetes secret mounted under /var/run/secrets/identity-broker).</summary>
    public string? SecretFile { get; set; }

    /// <summary>The name of an environment variable holding the HMAC secret.</summary>
    public string? SecretEnvironmentVariable { get; set; }
}

/// <summary>R-REGION-3, R-LEVEL-2.</summary>
public sealed class RegionPolicyFile
{
    /// <summary>"confirmed" (default) and optionally "standard".</summary>
    public List<string> AdultLevels { get; set; } = ["confirmed"];

    /// <summary>"forbidden" (default) or "fallback".</summary>
    public string PasswordSignIn { get; set; } = "forbidden";
}

/// <summary>A diary client (relying party) of the region; also the base of a shared client (<see cref="SharedClientFile"/>).</summary>
public class ClientFile
{
    public string ClientId { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;

    /// <summary>"confidential" (a web front-end with a secret) or "public" (a mobile app: PKCE, no secret).</summary>
    public string Type { get; set; } = "confidential";

    /// <summary>SHA-256 of each accepted secret, base64 (several for rotation). Produce with <c>IdentityBroker.Server hash-secret</c>.</summary>
    public List<string> SecretSha256 { get; set; } = [];

    /// <summary>Exact redirect URIs (no wildcards, no fragments).</summary>
    public List<string> RedirectUris { get; set; } = [];

    public List<string> PostLogoutRedirectUris { get; set; } = [];

    public List<string> AllowedScopes { get; set; } = ["openid", "profile", "diary"];

    /// <summary>PKCE is always required for public clients; this requires it for a confidential client as well.</summary>
    public bool RequirePkce { get; set; } = true;

    /// <summary>"authorization_code", "refresh_token", "client_credentials" (service clients).</summary>
    public List<string> GrantTypes { get; set; } = ["authorization_code", "refresh_token"];

    /// <summary>"client_secret_basic" (default for confidential clients; client_secret_post is accepted too), "private_key_jwt", or "none" (public).</summary>
    public string? TokenEndpointAuthMethod { get; set; }

    /// <summary>For private_key_jwt: the client's public keys as a JWKS object, or <see cref="JwksUri"/>.</summary>
    public System.Text.Json.JsonElement? Jwks { get; set; }

    /// <summary>For private_key_jwt: where the client publishes its JWKS (re-fetched on an unknown kid).</summary>
    public string? JwksUri { get; set; }

    /// <summary>OIDC Back-Channel Logout 1.0: the client's logout endpoint; the broker POSTs a logout_token there.</summary>
    public string? BackChannelLogoutUri { get; set; }

    /// <summary>RFC 9126: the client must push its authorization requests (PAR).</summary>
    public bool RequirePushedAuthorizationRequests { get; set; }

    /// <summary>RFC 9449: tokens must be sender-constrained with DPoP (recommended for the mobile app).</summary>
    public bool RequireDpop { get; set; }

    public TimeSpan? AccessTokenLifetime { get; set; }

    /// <summary>Absolute lifetime of a refresh-token family from the sign-in (default 30 days).</summary>
    public TimeSpan? RefreshTokenLifetime { get; set; }
}
