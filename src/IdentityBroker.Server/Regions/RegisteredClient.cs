using System.Security.Cryptography;
using System.Text;

namespace IdentityBroker.Server.Regions;

/// <summary>
/// A validated diary client. R-REGION-2: a region's front-end is bound to its region (<see cref="RegionCode"/> is the
/// region's code); a client shared by regions (the mobile app, the main site; <c>shared-clients.json</c>) has
/// <see cref="SharedRegion"/> there and the region is chosen per authorization request (<see cref="SharedRegionCodes"/>).
/// </summary>
public sealed record RegisteredClient(
    string ClientId,
    string DisplayName,
    string RegionCode,
    bool IsPublic,
    IReadOnlyList<byte[]> SecretHashes,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlySet<string> AllowedScopes,
    bool RequirePkce)
{
    /// <summary>The region code of a shared client (R-REGION-2), also its <c>region_code</c> in <c>client_registrations</c>.</summary>
    public const string SharedRegion = "*";

    /// <summary>R-REGION-2: the client is shared by regions; the region comes from the request, the browser or the user.</summary>
    public bool IsShared => RegionCode == SharedRegion;

    /// <summary>For a shared client, the regions it may sign in to (sorted by code); empty for a region-fixed client.</summary>
    public IReadOnlyList<string> SharedRegionCodes { get; init; } = [];

    /// <summary>Whether a sign-in of this client may take place in <paramref name="regionCode"/>.</summary>
    public bool AllowsRegion(string? regionCode) =>
        regionCode is not null && (IsShared ? SharedRegionCodes.Contains(regionCode, StringComparer.Ordinal) : regionCode == RegionCode);

    public IReadOnlySet<string> GrantTypes { get; init; } = new HashSet<string> { "authorization_code", "refresh_token" };

    /// <summary>client_secret_basic (also accepts client_secret_post), private_key_jwt, or none.</summary>
    public string TokenEndpointAuthMethod { get; init; } = IsPublicDefault(IsPublic);

    /// <summary>private_key_jwt: the JWKS given inline (JSON), or null.</summary>
    public string? JwksJson { get; init; }

    public string? JwksUri { get; init; }

    public string? BackChannelLogoutUri { get; init; }

    public bool RequirePushedAuthorizationRequests { get; init; }

    public bool RequireDpop { get; init; }

    public TimeSpan? AccessTokenLifetime { get; init; }

    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(30);

    private static string IsPublicDefault(bool isPublic) => isPublic ? "none" : "client_secret_basic";

    /// <summary>Exact, ordinal comparison (RFC 9700 §2.1; conformance <c>oidcc-ensure-registered-redirect-uri</c>).</summary>
    public bool HasRedirectUri(string? uri) => uri is not null && RedirectUris.Contains(uri, StringComparer.Ordinal);

    /// <summary>Constant-time comparison of the presented secret's SHA-256 with every registered hash.</summary>
    public bool SecretMatches(string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var match = false;
        foreach (var expected in SecretHashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(hash, expected);
        }

        return match;
    }
}
