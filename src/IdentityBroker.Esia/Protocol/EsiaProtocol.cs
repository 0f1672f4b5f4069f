using System.Globalization;

namespace IdentityBroker.Esia.Protocol;

/// <summary>ESIA endpoint paths and the exact strings that are signed (ESIA.md §1, §2.1, §2.2, §3.1).</summary>
internal static class EsiaProtocol
{
    public const string AuthorizePath = "/aas/oauth2/v2/ac";
    public const string TokenPath = "/aas/oauth2/v3/te";
    public const string LogoutPath = "/idp/ext/Logout";

    private static readonly TimeSpan Moscow = TimeSpan.FromHours(3);

    /// <summary>
    /// <c>yyyy.MM.dd HH:mm:ss +0300</c> (ESIA.md §2.1: numeric offset without colon). Always Moscow time, so the value
    /// does not depend on the server's zone.
    /// </summary>
    public static string FormatTimestamp(DateTimeOffset now) =>
        now.ToOffset(Moscow).ToString("yyyy.MM.dd HH:mm:ss", CultureInfo.InvariantCulture) + " +0300";

    public static string Scope(EsiaRegistrationOptions registration) => string.Join(' ', registration.Scopes);

    /// <summary>v2/ac, OIDC mode: client_id + scope + timestamp + state + redirect_uri (ESIA.md §2.2).</summary>
    public static string AuthorizationSignedString(string clientId, string scope, string timestamp, string state, string redirectUri) =>
        clientId + scope + timestamp + state + redirectUri;

    /// <summary>v3/te code exchange: client_id + scope + timestamp + state + redirect_uri + code (ESIA.md §3.1).</summary>
    public static string TokenSignedString(
        string clientId, string scope, string timestamp, string state, string redirectUri, string code) =>
        clientId + scope + timestamp + state + redirectUri + code;

    public static Uri Endpoint(string baseUrl, string path) => new(baseUrl.TrimEnd('/') + path, UriKind.Absolute);

    public static string Query(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
}
