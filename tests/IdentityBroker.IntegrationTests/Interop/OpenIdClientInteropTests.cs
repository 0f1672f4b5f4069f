using System.Text.Json;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Interop;

/// <summary>
/// R-TOKEN-1: openid-client 6.8.9 (a certified OpenID Connect relying party library), used unchanged with its own checks,
/// against the running broker as the confidential demo client (client_secret_basic). The library builds the requests and
/// validates every response (ID token signature against jwks_uri, iss, aud, nonce, state, at_hash, RFC 9207 iss); the
/// C# side plays the person at ESIA. Scripts: tests/js/openid-client-rp.mjs.
/// </summary>
[CancelAfter(180_000)]
public sealed partial class OpenIdClientInteropTests : SliceFixture
{
    private NodeScript Rp => new("openid-client-rp.mjs", new Dictionary<string, string>
    {
        ["BROKER_URL"] = Slice.BrokerUrl,
        ["CLIENT_ID"] = SliceEnvironment.DemoClientId,
        ["CLIENT_SECRET"] = SliceEnvironment.DemoClientSecret,
        ["REDIRECT_URI"] = RedirectUri,
        ["POST_LOGOUT_REDIRECT_URI"] = Slice.DemoUrl + "/",
    });

    private string RedirectUri => Slice.DemoUrl + "/signin-callback";

    [Test]
    public async Task OpenIdClient_Rtoken1_Discovery_MetadataAccepted()
    {
        var metadata = await Rp.RunAsync("discover");

        Assert.That(metadata.Str("issuer"), Is.EqualTo(Slice.BrokerUrl));
        Assert.That(metadata.Str("jwks_uri"), Does.StartWith(Slice.BrokerUrl));
    }

    [Test]
    public async Task OpenIdClient_Rtoken1_CodeFlowWithPkce_IdTokenValidatedByLibrary_UserInfo()
    {
        using var browser = new BrowserClient();

        var tokens = await SignInAsync(browser, "openid profile diary");

        var claims = tokens.GetProperty("id_token_claims");
        Assert.Multiple(() =>
        {
            Assert.That(tokens.Str("token_type"), Is.EqualTo("bearer").IgnoreCase);
            Assert.That(claims.Str("sub"), Is.EqualTo("d38-1001"));
            Assert.That(claims.Str("iss"), Is.EqualTo(Slice.BrokerUrl));
            Assert.That(claims.Str("aud") ?? claims.GetProperty("aud")[0].GetString(), Is.EqualTo(SliceEnvironment.DemoClientId));
            var userinfo = tokens.GetProperty("userinfo");
            Assert.That(userinfo.Str("sub"), Is.EqualTo("d38-1001"));
            Assert.That(userinfo.Str("given_name"), Is.EqualTo("Иван"));
        });
    }

    [Test]
    public async Task OpenIdClient_Rtoken1_EndSessionUrl_RpInitiatedLogoutReturnsToClientAndEndsSession()
    {
        using var browser = new BrowserClient();
        var tokens = await SignInAsync(browser, "openid profile diary");
        var state = Guid.NewGuid().ToString("N");

        var logout = await Rp.RunAsync("end-session-url", new { idTokenHint = tokens.Str("id_token"), state });
        var url = logout.Str("url")!;
        Assert.That(url, Does.StartWith(Slice.BrokerUrl + "/"));

        browser.StopBefore = u => u.ToString().StartsWith(Slice.DemoUrl + "/", StringComparison.Ordinal);
        var page = await browser.GetAsync(url);
        browser.StopBefore = null;
        Assert.That(page.Url.GetLeftPart(UriPartial.Path), Is.EqualTo(Slice.DemoUrl + "/"),
            $"RP-Initiated Logout 1.0 §3: back at post_logout_redirect_uri, got {page.Url} ({(int)page.Status})\n{page.Body}");
        Assert.That(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(page.Url.Query)["state"].ToString(), Is.EqualTo(state), "§3: state returned");

        // the broker session is over: a silent authorization request in the same browser needs a new sign-in
        var silent = await Rp.RunAsync("authorization-url", new { scope = "openid" });
        browser.StopBefore = u => u.ToString().StartsWith(RedirectUri, StringComparison.Ordinal);
        var again = await browser.GetAsync(silent.Str("url") + "&prompt=none");
        browser.StopBefore = null;
        Assert.That(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(again.Url.Query)["error"].ToString(), Is.EqualTo("login_required"), again.Url.ToString());
    }

    /// <summary>Step 1 (node): authorization URL with PKCE, state, nonce; step 2 (C#): ESIA; step 3 (node): code grant, ID token checks, userinfo.</summary>
    private Task<JsonElement> SignInAsync(BrowserClient browser, string scope) => SignInAsync(Rp, RedirectUri, browser, scope);

    private static async Task<JsonElement> SignInAsync(NodeScript rp, string redirectUri, BrowserClient browser, string scope)
    {
        var start = await rp.RunAsync("authorization-url", new { scope });
        var callback = await FollowThroughEsiaAsync(browser, start.Str("url")!, redirectUri);
        return await rp.RunAsync("code-grant", new
        {
            callback,
            codeVerifier = start.Str("codeVerifier"),
            state = start.Str("state"),
            nonce = start.Str("nonce"),
        });
    }

    /// <summary>Follows an authorization URL as a browser, through the ESIA emulator when needed, and returns the redirect to the client.</summary>
    internal static async Task<string> FollowThroughEsiaAsync(BrowserClient browser, string authorizationUrl, string redirectUri, string persona = "confirmed-adult")
    {
        browser.StopBefore = u => u.ToString().StartsWith(redirectUri, StringComparison.Ordinal);
        try
        {
            var page = await browser.GetAsync(authorizationUrl);
            if (page.Body.Contains("Вход на Госуслуги", StringComparison.Ordinal))
            {
                page = await EsiaEmulatorDriver.SignInAsync(browser, page, persona);
            }

            Assert.That(page.Url.ToString(), Does.StartWith(redirectUri), $"expected a redirect to the client, got {page.Url} ({(int)page.Status})\n{page.Body}");
            return page.Url.ToString();
        }
        finally
        {
            browser.StopBefore = null;
        }
    }
}
