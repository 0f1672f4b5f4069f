using IdentityBroker.IntegrationTests.Dpop;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityBroker.IntegrationTests.Par;

/// <summary>
/// A mobile app using PAR (RFC 9126) and DPoP (RFC 9449): pushes its request, opens the browser with
/// <c>client_id</c> + <c>request_uri</c> only, and redeems the code with a proof.
/// </summary>
internal sealed class ParClient(SliceEnvironment slice, string clientId = SliceEnvironment.DpopClientId)
{
    public const string RedirectUri = "http://127.0.0.1/callback";

    public OidcTestClient Oidc { get; } = new(slice, clientId, RedirectUri);

    public string ClientId => clientId;

    public string ParUrl => slice.BrokerUrl + "/connect/par";

    public string TokenUrl => slice.BrokerUrl + "/connect/token";

    /// <summary>POST /connect/par; <paramref name="overrides"/> with a null value remove a parameter.</summary>
    public Task<TokenResponse> PushAsync(string? proof = null, IDictionary<string, string?>? overrides = null)
    {
        var form = new Dictionary<string, string?>
        {
            ["client_id"] = clientId, ["redirect_uri"] = RedirectUri, ["response_type"] = "code", ["scope"] = "openid profile diary offline_access",
            ["state"] = Oidc.State, ["nonce"] = Oidc.Nonce, ["code_challenge"] = Oidc.Challenge, ["code_challenge_method"] = "S256",
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>())
        {
            form[k] = v;
        }

        return DpopHttp.PostFormAsync(ParUrl, form.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!), proof);
    }

    public string AuthorizeUrl(string requestUri, string? asClientId = null) =>
        QueryHelpers.AddQueryString(slice.BrokerUrl + "/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = asClientId ?? clientId, ["request_uri"] = requestUri,
        });

    /// <summary>Opens the browser at the authorization endpoint, signs in at ESIA, returns what reached the redirect URI.</summary>
    public async Task<Dictionary<string, string>> AuthorizeAsync(BrowserClient browser, string requestUri, string persona = "confirmed-adult")
    {
        browser.StopBefore = u => u.ToString().StartsWith(RedirectUri, StringComparison.Ordinal);
        var page = await browser.GetAsync(AuthorizeUrl(requestUri));
        if (page.Body.Contains("Вход на Госуслуги", StringComparison.Ordinal))
        {
            page = await EsiaEmulatorDriver.SignInAsync(browser, page, persona);
        }

        browser.StopBefore = null;
        Assert.That(page.Url.ToString(), Does.StartWith(RedirectUri), "expected a redirect to the app, got " + page.Url + "\n" + page.Body);
        return QueryHelpers.ParseQuery(page.Url.Query).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
    }

    public Task<TokenResponse> RedeemAsync(string code, string? proof) =>
        DpopHttp.PostFormAsync(TokenUrl, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = RedirectUri, ["code_verifier"] = Oidc.Verifier, ["client_id"] = clientId,
        }, proof);

    /// <summary>PAR bound to <paramref name="key"/> by a proof, sign-in, and redemption with a proof by <paramref name="key"/>.</summary>
    public async Task<TokenResponse> SignInAsync(BrowserClient browser, DpopKey key)
    {
        var pushed = await PushAsync(key.Proof("POST", ParUrl));
        Assert.That(pushed.Status, Is.EqualTo(201), pushed.Json.ToString());
        var response = await AuthorizeAsync(browser, pushed.Get("request_uri")!);
        return await RedeemAsync(response["code"], key.Proof("POST", TokenUrl));
    }
}
