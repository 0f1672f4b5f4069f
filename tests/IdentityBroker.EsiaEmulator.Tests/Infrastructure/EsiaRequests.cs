using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityBroker.EsiaEmulator.Tests.Infrastructure;

/// <summary>Builds ac query strings and te forms the way an ESIA client must (ESIA.md §2.1-§3.1).</summary>
internal static class EsiaRequests
{
    public const string DefaultScope = "openid fullname birthdate gender snils id_doc";

    public static string Timestamp(DateTimeOffset at)
    {
        var moscow = at.ToOffset(TimeSpan.FromHours(3));
        return moscow.ToString("yyyy.MM.dd HH:mm:ss", CultureInfo.InvariantCulture) + " +0300";
    }

    /// <summary>A correctly signed ac parameter set; tests overwrite or remove entries to break it.</summary>
    public static Dictionary<string, string?> Authorization(
        EmulatorHost host, string scope = DefaultScope, string? state = null, string redirectUri = EmulatorHost.RedirectUri)
    {
        state ??= Guid.NewGuid().ToString();
        var timestamp = Timestamp(host.Clock.GetUtcNow());
        return new Dictionary<string, string?>
        {
            ["client_id"] = EmulatorHost.ClientId,
            ["client_secret"] = host.Client.SignBase64Url(EmulatorHost.ClientId + scope + timestamp + state + redirectUri),
            ["client_certificate_hash"] = host.Client.CertificateHash,
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["response_type"] = "code",
            ["state"] = state,
            ["timestamp"] = timestamp,
            ["access_type"] = "online",
        };
    }

    /// <summary>Re-signs an ac parameter set after a test changed a signed field.</summary>
    public static void Resign(EmulatorHost host, Dictionary<string, string?> p) =>
        p["client_secret"] = host.Client.SignBase64Url(p["client_id"] + p["scope"] + p["timestamp"] + p["state"] + p["redirect_uri"]);

    public static string AuthorizationUrl(IDictionary<string, string?> parameters) =>
        QueryHelpers.AddQueryString("/aas/oauth2/v2/ac", parameters.Where(p => p.Value is not null));

    /// <summary>A correctly signed te form with a new state.</summary>
    public static Dictionary<string, string> Token(
        EmulatorHost host, string code, string scope = DefaultScope, string redirectUri = EmulatorHost.RedirectUri)
    {
        var state = Guid.NewGuid().ToString();
        var timestamp = Timestamp(host.Clock.GetUtcNow());
        return new Dictionary<string, string>
        {
            ["client_id"] = EmulatorHost.ClientId,
            ["code"] = code,
            ["grant_type"] = "authorization_code",
            ["client_secret"] = host.Client.SignBase64Url(EmulatorHost.ClientId + scope + timestamp + state + redirectUri + code),
            ["client_certificate_hash"] = host.Client.CertificateHash,
            ["state"] = state,
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["timestamp"] = timestamp,
            ["token_type"] = "Bearer",
        };
    }

    public static void ResignToken(EmulatorHost host, Dictionary<string, string> f) =>
        f["client_secret"] = host.Client.SignBase64Url(
            f["client_id"] + f["scope"] + f["timestamp"] + f["state"] + f["redirect_uri"] + f["code"]);
}
