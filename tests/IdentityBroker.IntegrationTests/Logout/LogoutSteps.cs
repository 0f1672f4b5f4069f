using System.Net;
using System.Text;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.IntegrationTests.Logout;

/// <summary>Steps shared by the logout tests: sign in, call the end-session endpoint, probe the session with prompt=none.</summary>
internal static class LogoutSteps
{
    public const string SignedOutUri = "http://127.0.0.1/signed-out";
    public const string SessionCookie = "ib.session";

    /// <summary>Signs in through ESIA (or single sign-on) and redeems the code; returns the ID token.</summary>
    public static async Task<string> SignInAsync(BrowserClient browser, OidcTestClient client, string persona = "confirmed-adult")
    {
        var response = await client.AuthorizeAsync(browser, persona);
        var tokens = await client.RedeemAsync(response["code"]);
        Assert.That(tokens.Status, Is.EqualTo(200), tokens.Json.ToString());
        return tokens.Get("id_token")!;
    }

    public static string EndSessionUrl(string brokerUrl, IDictionary<string, string?> parameters) =>
        QueryHelpers.AddQueryString(brokerUrl + "/connect/endsession", parameters.Where(p => p.Value is not null)!);

    /// <summary>GET the end-session endpoint, following redirects, stopping before <see cref="SignedOutUri"/> (the app).</summary>
    public static async Task<Page> EndSessionAsync(BrowserClient browser, string brokerUrl, IDictionary<string, string?> parameters)
    {
        browser.StopBefore = u => u.ToString().StartsWith(SignedOutUri, StringComparison.Ordinal);
        try
        {
            return await browser.GetAsync(EndSessionUrl(brokerUrl, parameters));
        }
        finally
        {
            browser.StopBefore = null;
        }
    }

    /// <summary>prompt=none at <paramref name="brokerUrl"/>: the parameters delivered to the redirect URI (code, or error).</summary>
    public static async Task<Dictionary<string, string>> PromptNoneAsync(BrowserClient browser, OidcTestClient client, string brokerUrl)
    {
        var url = client.AuthorizeUrl(new Dictionary<string, string?> { ["prompt"] = "none" });
        var authority = new Uri(brokerUrl);
        url = new UriBuilder(url) { Port = authority.Port }.Uri.ToString();
        browser.StopBefore = u => u.ToString().StartsWith(client.RedirectUri, StringComparison.Ordinal);
        try
        {
            var page = await browser.GetAsync(url);
            Assert.That(page.Url.ToString(), Does.StartWith(client.RedirectUri), "prompt=none must answer the client by redirect; got " + page.Url + "\n" + page.Body);
            return QueryHelpers.ParseQuery(page.Url.Query).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
        }
        finally
        {
            browser.StopBefore = null;
        }
    }

    public static Cookie SessionCookieOf(BrowserClient browser, string brokerUrl) =>
        browser.Cookies.GetCookies(new Uri(brokerUrl)).FirstOrDefault(c => c.Name == SessionCookie)
        ?? throw new AssertionException("no broker session cookie in the browser");

    /// <summary>The same claims with <c>alg: none</c> and no signature (conformance: treat as no hint).</summary>
    public static string WithAlgNone(string idToken)
    {
        var parts = idToken.Split('.');
        var header = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes("{\"alg\":\"none\",\"typ\":\"JWT\"}"));
        return header + "." + parts[1] + ".";
    }

    /// <summary>The same claims and kid, signed by a key the broker never published.</summary>
    public static string WithForeignKey(string idToken)
    {
        var original = new JsonWebToken(idToken);
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = original.Kid };
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(idToken.Split('.')[1]));
        return new JsonWebTokenHandler().CreateToken(payload, new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            new Dictionary<string, object> { ["typ"] = "JWT" });
    }

    public static bool IsSignedOutPage(Page page) => page.Status == HttpStatusCode.OK && page.Document.QuerySelector("#signed-out") is not null;

    public static bool IsConfirmationPage(Page page) => page.Status == HttpStatusCode.OK && page.Document.QuerySelector("form#logout-confirm") is not null;
}
