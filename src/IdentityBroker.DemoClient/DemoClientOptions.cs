namespace IdentityBroker.DemoClient;

/// <summary>Settings of the demo diary front-end (configuration section <c>DemoClient</c>).</summary>
public sealed class DemoClientOptions
{
    public const string SectionName = "DemoClient";

    /// <summary>The broker's issuer URL, e.g. http://localhost:5100; discovery is read from {Authority}/.well-known/openid-configuration.</summary>
    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";

    /// <summary>Client secret, sent with client_secret_basic (RFC 6749 §2.3.1).</summary>
    public string ClientSecret { get; set; } = "";

    public string Scope { get; set; } = "openid profile diary";

    /// <summary>This app's own base URL; the redirect URI is {PublicUrl}/signin-callback.</summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>Refuse discovery and JWKS over plain http. Development and tests set false.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    internal string AuthorityBase => Authority.TrimEnd('/');

    internal string MetadataAddress => AuthorityBase + "/.well-known/openid-configuration";

    internal string RedirectUri => PublicUrl.TrimEnd('/') + "/signin-callback";

    internal string PostLogoutRedirectUri => PublicUrl.TrimEnd('/') + "/";
}
