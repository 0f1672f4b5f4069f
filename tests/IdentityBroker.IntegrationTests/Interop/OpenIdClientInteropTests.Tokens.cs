using System.Text.Json;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Interop;

/// <summary>openid-client 6.8.9 and the token lifecycle: refresh, revocation (RFC 7009), introspection (RFC 7662), client credentials, private_key_jwt (RFC 7523).</summary>
public sealed partial class OpenIdClientInteropTests
{
    [Test]
    public async Task OpenIdClient_Rtoken1_RefreshTokenGrant_RotatesAndNewAccessTokenWorks()
    {
        using var browser = new BrowserClient();
        var tokens = await SignInAsync(browser, "openid profile diary offline_access");
        var refreshToken = tokens.Str("refresh_token");
        Assert.That(refreshToken, Is.Not.Null.And.Not.Empty, "offline_access granted: a refresh token");

        var refreshed = await Rp.RunAsync("refresh", new { refreshToken });

        Assert.That(refreshed.Str("access_token"), Is.Not.Empty.And.Not.EqualTo(tokens.Str("access_token")));
        Assert.That(refreshed.Str("refresh_token"), Is.Not.Null.And.Not.EqualTo(refreshToken), "rotation: a new refresh token");
        if (refreshed.Obj("id_token_claims") is { } claims)
        {
            Assert.That(claims.Str("sub"), Is.EqualTo("d38-1001"), "OIDC Core §12.2: same sub as the original ID token");
        }

        var userinfo = await Rp.RunAsync("userinfo", new { accessToken = refreshed.Str("access_token"), expectedSubject = "d38-1001" });
        Assert.That(userinfo.Str("sub"), Is.EqualTo("d38-1001"));
    }

    [Test]
    public async Task OpenIdClient_Rtoken1_RevokeRefreshToken_RefreshRefused()
    {
        using var browser = new BrowserClient();
        var tokens = await SignInAsync(browser, "openid profile diary offline_access");
        var refreshToken = tokens.Str("refresh_token");
        Assert.That(refreshToken, Is.Not.Null.And.Not.Empty);

        await Rp.RunAsync("revoke", new { token = refreshToken, tokenTypeHint = "refresh_token" });

        var refused = await Rp.RunExpectingFailureAsync("refresh", new { refreshToken });
        Assert.That(refused.Stderr, Does.Contain("invalid_grant"), "RFC 6749 §5.2 for a revoked refresh token");
    }

    [Test]
    public async Task OpenIdClient_Rtoken1_RevokeAccessToken_IntrospectionInactiveAndUserInfoRefused()
    {
        using var browser = new BrowserClient();
        var tokens = await SignInAsync(browser, "openid profile diary");
        var accessToken = tokens.Str("access_token");

        var before = await Rp.RunAsync("introspect", new { token = accessToken });
        Assert.That(before.GetProperty("active").GetBoolean(), Is.True, before.ToString());
        Assert.That(before.Str("sub"), Is.EqualTo("d38-1001"));
        Assert.That(before.Str("client_id"), Is.EqualTo(SliceEnvironment.DemoClientId));

        await Rp.RunAsync("revoke", new { token = accessToken, tokenTypeHint = "access_token" });

        var after = await Rp.RunAsync("introspect", new { token = accessToken });
        Assert.That(after.GetProperty("active").GetBoolean(), Is.False, "RFC 7662 §2.2: a revoked token is inactive");
        var userinfo = await Rp.RunExpectingFailureAsync("userinfo", new { accessToken, expectedSubject = "d38-1001" });
        Assert.That(userinfo.Stderr, Does.Contain("invalid_token"), "RFC 6750 §3.1 challenge for a revoked token");
    }

    [Test]
    public async Task OpenIdClient_Rtoken1_PrivateKeyJwtClient_CodeFlowAndRefresh()
    {
        const string redirect = "http://127.0.0.1/pkjwt-callback";
        var rp = new NodeScript("openid-client-rp.mjs", new Dictionary<string, string>
        {
            ["BROKER_URL"] = Slice.BrokerUrl,
            ["CLIENT_ID"] = SliceEnvironment.PrivateKeyJwtClientId,
            ["CLIENT_PRIVATE_JWK"] = PrivateJwk(Slice.PrivateKeyJwtKey, "pkjwt-1"),
            ["REDIRECT_URI"] = redirect,
        });
        using var browser = new BrowserClient();

        var tokens = await SignInAsync(rp, redirect, browser, "openid profile diary offline_access");
        var refreshed = await rp.RunAsync("refresh", new { refreshToken = tokens.Str("refresh_token") });

        Assert.That(tokens.GetProperty("id_token_claims").Str("sub"), Is.EqualTo("d38-1001"));
        Assert.That(refreshed.Str("access_token"), Is.Not.Empty, "RFC 7523 §2.2 client assertion accepted twice (fresh jti each time)");
    }

    [Test]
    public async Task OpenIdClient_Rtoken1_ClientCredentialsGrant_ServiceClient()
    {
        var rp = new NodeScript("openid-client-rp.mjs", new Dictionary<string, string>
        {
            ["BROKER_URL"] = Slice.BrokerUrl,
            ["CLIENT_ID"] = SliceEnvironment.ServiceClientId,
            ["CLIENT_SECRET"] = SliceEnvironment.ServiceClientSecret,
        });

        var tokens = await rp.RunAsync("client-credentials", new { scope = "diary" });

        Assert.That(tokens.Str("token_type"), Is.EqualTo("bearer").IgnoreCase);
        Assert.That(tokens.Str("refresh_token"), Is.Null, "RFC 6749 §4.4.3: no refresh token for client credentials");
        var access = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(tokens.Str("access_token"));
        Assert.That(access.Typ, Is.EqualTo("at+jwt"));
        Assert.That(access.GetClaim("client_id").Value, Is.EqualTo(SliceEnvironment.ServiceClientId));
    }

    private static string PrivateJwk(System.Security.Cryptography.RSA key, string kid)
    {
        var p = key.ExportParameters(includePrivateParameters: true);
        static string B(byte[]? bytes) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(bytes);
        return JsonSerializer.Serialize(new
        {
            kty = "RSA", kid, alg = "RS256", n = B(p.Modulus), e = B(p.Exponent), d = B(p.D), p = B(p.P), q = B(p.Q), dp = B(p.DP), dq = B(p.DQ), qi = B(p.InverseQ),
        });
    }
}
