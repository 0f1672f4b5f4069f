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
}

/// <summary>R-REGION-3, R-LEVEL-2.</summary>
public sealed class RegionPolicyFile
{
    /// <summary>"confirmed" (default) and optionally "standard".</summary>
    public List<string> AdultLevels { get; set; } = ["confirmed"];

    /// <summary>"forbidden" (default) or "fallback".</summary>
    public string PasswordSignIn { get; set; } = "forbidden";
}

/// <summary>A diary client (relying party) of the region.</summary>
public sealed class ClientFile
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
}
