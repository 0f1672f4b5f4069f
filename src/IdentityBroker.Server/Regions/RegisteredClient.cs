using System.Security.Cryptography;
using System.Text;

namespace IdentityBroker.Server.Regions;

/// <summary>A validated diary client, bound to its region (R-REGION-2: a region's front-end fixes the region).</summary>
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
