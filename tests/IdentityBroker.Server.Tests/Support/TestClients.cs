using IdentityBroker.Core.Regions;
using IdentityBroker.Esia;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Regions;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Tests.Support;

/// <summary>The clients of one test region (38) and one shared client, as the region files would register them.</summary>
internal static class TestClients
{
    public const string Issuer = "https://broker.example.test";
    public const string Secret = "s3cret-value-for-tests";
    public const string WebRedirect = "https://diary.example.test/signin-callback";
    public const string AppRedirect = "http://127.0.0.1/callback";

    /// <summary>Confidential (client_secret_basic), PKCE optional.</summary>
    public static readonly RegisteredClient Web = new(
        "diary-web", "Дневник", "38", IsPublic: false, [Hash(Secret)], [WebRedirect, WebRedirect + "?tab=2"], [], Scopes("openid", "profile", "diary"), RequirePkce: false);

    /// <summary>Public (none), PKCE required.</summary>
    public static readonly RegisteredClient App = new(
        "diary-app", "Приложение", "38", IsPublic: true, [], [AppRedirect], [], Scopes("openid", "diary"), RequirePkce: true);

    /// <summary>R-REGION-2: shared by regions 38 and 77.</summary>
    public static readonly RegisteredClient Shared = new(
        "diary-shared", "Портал", RegisteredClient.SharedRegion, IsPublic: false, [Hash(Secret)], [WebRedirect], [], Scopes("openid", "diary"), RequirePkce: false)
    {
        SharedRegionCodes = ["38", "77"],
    };

    /// <summary>RFC 9126 §5: must push its requests.</summary>
    public static readonly RegisteredClient ParOnly = Web with { ClientId = "diary-par", RequirePushedAuthorizationRequests = true };

    /// <summary>A private_key_jwt client (OIDC Core §9) with the given inline JWKS.</summary>
    public static RegisteredClient KeyClient(string jwksJson) => Web with
    {
        ClientId = "diary-jwt", SecretHashes = [], TokenEndpointAuthMethod = "private_key_jwt", JwksJson = jwksJson,
    };

    public static RegionCatalog Catalog(params RegisteredClient[] extra) =>
        new([new RegionEntry(Region("38"), new EsiaRegistrationOptions(), [Web, App, ParOnly, .. extra]), new RegionEntry(Region("77"), new EsiaRegistrationOptions(), [])], [Shared]);

    public static IOptions<BrokerOptions> Options(Action<BrokerOptions>? configure = null)
    {
        var options = new BrokerOptions { Issuer = Issuer };
        configure?.Invoke(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    private static Region Region(string code) => new(code, "Регион " + code, TimeZoneInfo.Utc, RegionPolicy.Default);

    private static HashSet<string> Scopes(params string[] scopes) => new(scopes, StringComparer.Ordinal);

    public static byte[] Hash(string secret) => System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret));
}
