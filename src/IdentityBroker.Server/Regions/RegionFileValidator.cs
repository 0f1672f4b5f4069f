using System.Text.RegularExpressions;
using IdentityBroker.Core.People;
using IdentityBroker.Core.Regions;
using IdentityBroker.Esia;

namespace IdentityBroker.Server.Regions;

/// <summary>Validates one region file and turns it into a <see cref="RegionEntry"/> (R-REGION-4).</summary>
internal static partial class RegionFileValidator
{
    /// <summary>Scope of the staff diagnostics API (R-ERR-1, docs/diagnostics.md): service clients only.</summary>
    public const string DiagnosticsScope = "diagnostics";

    /// <summary>Scope of the directory sync API (docs/directory-sync.md): a region's diary back-end, service clients only.</summary>
    public const string DirectoryScope = "directory";

    /// <summary>Scope of the admin read API (docs/admin-api.md): a region's operations staff, service clients only.</summary>
    public const string AdminScope = "admin";

    private static readonly HashSet<string> KnownScopes = ["openid", "profile", "diary", "offline_access", DiagnosticsScope, DirectoryScope, AdminScope];

    public static RegionEntry? Validate(string file, RegionFile r, List<string> errors)
    {
        var before = errors.Count;
        if (!TwoDigits().IsMatch(r.Code ?? string.Empty))
        {
            errors.Add($"{file}: code must be the two-digit subject code, e.g. \"38\" (got '{r.Code}').");
        }

        if (string.IsNullOrWhiteSpace(r.Name))
        {
            errors.Add($"{file}: name is required: the region's Russian name shown to users, e.g. \"Иркутская область\".");
        }

        TimeZoneInfo? zone = null;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(r.TimeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            errors.Add($"{file}: timeZone '{r.TimeZone}' is not a known IANA time zone id; use e.g. \"Asia/Irkutsk\" or \"Asia/Omsk\".");
        }

        var levels = new HashSet<AccountLevel>();
        foreach (var text in r.Policy.AdultLevels)
        {
            if (RegionCatalogLoader.ParseLevel(text) is { } level)
            {
                levels.Add(level);
            }
            else
            {
                errors.Add($"{file}: policy.adultLevels: '{text}' is not accepted; use \"confirmed\" and optionally \"standard\" (R-LEVEL-2).");
            }
        }

        if (levels.Count == 0)
        {
            errors.Add($"{file}: policy.adultLevels must list at least \"confirmed\" (R-LEVEL-2).");
        }

        var password = RegionCatalogLoader.ParsePasswordMode(r.Policy.PasswordSignIn);
        if (password is null)
        {
            errors.Add($"{file}: policy.passwordSignIn must be \"forbidden\" or \"fallback\" (R-REGION-3).");
        }

        foreach (var problem in EsiaRegistrationOptionsValidator.Validate(r.Code ?? "?", r.Esia))
        {
            errors.Add($"{file}: esia: {problem}");
        }

        var clients = r.Clients.Select((c, i) => ValidateClient(file, i, r.Code ?? "?", c, errors)).OfType<RegisteredClient>().ToList();
        if (r.Clients.Count == 0)
        {
            errors.Add($"{file}: clients: at least one diary client is needed.");
        }

        var notifications = r.Notifications is null ? null : NotificationsValidator.Validate(file, r.Notifications, errors);

        return errors.Count > before || zone is null || password is null
            ? null
            : new RegionEntry(new Region(r.Code!, r.Name, zone, new RegionPolicy(levels, password.Value)), r.Esia, clients) { Notifications = notifications };
    }

    /// <summary>One client of a region file, or of <c>shared-clients.json</c> with <paramref name="region"/> = <see cref="RegisteredClient.SharedRegion"/>.</summary>
    internal static RegisteredClient? ValidateClient(string file, int index, string region, ClientFile c, List<string> errors)
    {
        var at = $"{file}: clients[{index}]";
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(c.ClientId) || c.ClientId.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch)))
        {
            errors.Add($"{at}.clientId is required and may not contain spaces.");
        }

        var isPublic = c.Type switch { "public" => true, "confidential" => false, _ => (bool?)null };
        if (isPublic is null)
        {
            errors.Add($"{at}.type must be \"confidential\" or \"public\" (got '{c.Type}').");
        }

        var hashes = new List<byte[]>();
        foreach (var h in c.SecretSha256)
        {
            try
            {
                var bytes = Convert.FromBase64String(h);
                if (bytes.Length != 32)
                {
                    throw new FormatException();
                }

                hashes.Add(bytes);
            }
            catch (FormatException)
            {
                errors.Add($"{at}.secretSha256: '{Truncate(h)}' is not a base64 SHA-256; produce it with: IdentityBroker.Server hash-secret");
            }
        }

        if (isPublic == false && c.SecretSha256.Count == 0 && c.TokenEndpointAuthMethod != "private_key_jwt")
        {
            errors.Add($"{at}.secretSha256: a confidential client needs at least one secret hash (IdentityBroker.Server hash-secret).");
        }

        if (isPublic == true && c.SecretSha256.Count > 0)
        {
            errors.Add($"{at}.secretSha256: a public client has no secret; remove it or make the client confidential.");
        }

        if (c.RedirectUris.Count == 0 && c.GrantTypes.Contains("authorization_code"))
        {
            errors.Add($"{at}.redirectUris: at least one exact redirect URI is required.");
        }

        foreach (var uri in c.RedirectUris.Concat(c.PostLogoutRedirectUris))
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !string.IsNullOrEmpty(parsed.Fragment) || uri.Contains('*', StringComparison.Ordinal))
            {
                errors.Add($"{at}: '{Truncate(uri)}' is not allowed: an absolute URI without fragment or wildcard is required (RFC 9700 §2.1).");
            }
        }

        foreach (var scope in c.AllowedScopes.Where(s => !KnownScopes.Contains(s)))
        {
            errors.Add($"{at}.allowedScopes: unknown scope '{Truncate(scope)}'; known: {string.Join(", ", KnownScopes)}.");
        }

        if (!c.AllowedScopes.Contains("openid"))
        {
            errors.Add($"{at}.allowedScopes must include \"openid\".");
        }

        foreach (var grant in c.GrantTypes.Where(g => g is not ("authorization_code" or "refresh_token" or "client_credentials")))
        {
            errors.Add($"{at}.grantTypes: '{Truncate(grant)}' is not supported; use authorization_code, refresh_token, client_credentials.");
        }

        if (isPublic == true && c.GrantTypes.Contains("client_credentials"))
        {
            errors.Add($"{at}.grantTypes: a public client cannot use client_credentials.");
        }

        if (c.AllowedScopes.Contains(DiagnosticsScope) && (isPublic == true || c.GrantTypes.Count != 1 || c.GrantTypes[0] != "client_credentials"))
        {
            errors.Add($"{at}.allowedScopes: \"{DiagnosticsScope}\" is for a staff service client only: make it confidential with grantTypes [\"client_credentials\"] (docs/diagnostics.md).");
        }

        foreach (var serviceScope in new[] { DirectoryScope, AdminScope }.Where(c.AllowedScopes.Contains))
        {
            if (isPublic == true || c.GrantTypes.Count != 1 || c.GrantTypes[0] != "client_credentials")
            {
                errors.Add($"{at}.allowedScopes: \"{serviceScope}\" is for a service client only: make it confidential with grantTypes [\"client_credentials\"] ({(serviceScope == DirectoryScope ? "docs/directory-sync.md" : "docs/admin-api.md")}).");
            }
        }

        var method = c.TokenEndpointAuthMethod ?? (isPublic == true ? "none" : "client_secret_basic");
        if (method is not ("client_secret_basic" or "client_secret_post" or "private_key_jwt" or "none") ||
            (method == "none") != (isPublic == true))
        {
            errors.Add($"{at}.tokenEndpointAuthMethod '{method}' does not fit a {(isPublic == true ? "public" : "confidential")} client: public clients use \"none\"; confidential ones client_secret_basic, client_secret_post or private_key_jwt.");
        }

        if (method == "private_key_jwt" && c.Jwks is null && string.IsNullOrWhiteSpace(c.JwksUri))
        {
            errors.Add($"{at}: private_key_jwt needs the client's public keys: jwks (inline) or jwksUri.");
        }

        foreach (var (uri, key) in new[] { (c.JwksUri, "jwksUri"), (c.BackChannelLogoutUri, "backChannelLogoutUri") })
        {
            if (uri is not null && (!Uri.TryCreate(uri, UriKind.Absolute, out var u) || u.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(u.Fragment)))
            {
                errors.Add($"{at}.{key}: '{Truncate(uri)}' must be an absolute http(s) URL without fragment.");
            }
        }

        foreach (var (value, key) in new[] { (c.AccessTokenLifetime, "accessTokenLifetime"), (c.RefreshTokenLifetime, "refreshTokenLifetime") })
        {
            if (value is { } v && v <= TimeSpan.Zero)
            {
                errors.Add($"{at}.{key} must be a positive duration such as \"00:10:00\".");
            }
        }

        return errors.Count > before
            ? null
            : new RegisteredClient(c.ClientId, string.IsNullOrWhiteSpace(c.DisplayName) ? c.ClientId : c.DisplayName, region, isPublic!.Value,
                hashes, c.RedirectUris, c.PostLogoutRedirectUris, c.AllowedScopes.ToHashSet(StringComparer.Ordinal), c.RequirePkce || isPublic.Value)
            {
                GrantTypes = c.GrantTypes.ToHashSet(StringComparer.Ordinal),
                TokenEndpointAuthMethod = method,
                JwksJson = c.Jwks?.GetRawText(),
                JwksUri = c.JwksUri,
                BackChannelLogoutUri = c.BackChannelLogoutUri,
                RequirePushedAuthorizationRequests = c.RequirePushedAuthorizationRequests,
                RequireDpop = c.RequireDpop,
                AccessTokenLifetime = c.AccessTokenLifetime,
                RefreshTokenLifetime = c.RefreshTokenLifetime ?? TimeSpan.FromDays(30),
            };
    }

    private static string Truncate(string s) => s.Length > 60 ? s[..60] + "…" : s;

    [GeneratedRegex("^[0-9]{2}$")]
    private static partial Regex TwoDigits();
}
