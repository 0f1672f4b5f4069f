using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IdentityBroker.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.IntegrationTests.Infrastructure;

/// <summary>
/// A relying party for protocol tests: builds authorization requests (PKCE S256, state, nonce), drives the browser
/// through ESIA to the redirect URI, and calls the token endpoint directly.
/// </summary>
internal sealed class OidcTestClient(SliceEnvironment slice, string clientId, string redirectUri, string? secret = null)
{
    public static OidcTestClient Public(SliceEnvironment slice) => new(slice, SliceEnvironment.PublicClientId, "http://127.0.0.1/callback");

    public static OidcTestClient Confidential(SliceEnvironment slice) =>
        new(slice, SliceEnvironment.DemoClientId, slice.DemoUrl + "/signin-callback", SliceEnvironment.DemoClientSecret);

    public string ClientId => clientId;

    public string RedirectUri => redirectUri;

    public string Verifier { get; } = ProtocolHashes.NewPkceVerifier();

    public string State { get; } = Guid.NewGuid().ToString("N");

    public string Nonce { get; } = Guid.NewGuid().ToString("N");

    public string Challenge => ProtocolHashes.PkceChallenge(Verifier);

    public string AuthorizeUrl(IDictionary<string, string?>? overrides = null)
    {
        var p = new Dictionary<string, string?>
        {
            ["client_id"] = clientId, ["redirect_uri"] = redirectUri, ["response_type"] = "code", ["scope"] = "openid profile diary",
            ["state"] = State, ["nonce"] = Nonce, ["code_challenge"] = Challenge, ["code_challenge_method"] = "S256",
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>())
        {
            p[k] = v;
        }

        return QueryHelpers.AddQueryString(slice.BrokerUrl + "/connect/authorize", p.Where(kv => kv.Value is not null)!);
    }

    /// <summary>Signs in through ESIA as <paramref name="persona"/> and returns the parameters delivered to the redirect URI.</summary>
    public async Task<Dictionary<string, string>> AuthorizeAsync(BrowserClient browser, string persona = "confirmed-adult", IDictionary<string, string?>? overrides = null)
    {
        browser.StopBefore = u => u.ToString().StartsWith(redirectUri, StringComparison.Ordinal);
        var page = await browser.GetAsync(AuthorizeUrl(overrides));
        if (page.Body.Contains("Вход на Госуслуги", StringComparison.Ordinal))
        {
            page = await EsiaEmulatorDriver.SignInAsync(browser, page, persona);
        }

        browser.StopBefore = null;
        Assert.That(page.Url.ToString(), Does.StartWith(redirectUri), "expected a redirect to the client, got " + page.Url + "\n" + page.Body);
        return QueryHelpers.ParseQuery(page.Url.Query).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
    }

    public Task<TokenResponse> RedeemAsync(string code, string? verifier = null, string? redirect = null, string? asClientId = null, string? asSecret = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirect ?? redirectUri, ["code_verifier"] = verifier ?? Verifier,
        };
        return PostTokenAsync(form, asClientId ?? clientId, asSecret ?? secret);
    }

    public async Task<TokenResponse> PostTokenAsync(Dictionary<string, string> form, string? id, string? clientSecret)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, slice.BrokerUrl + "/connect/token");
        if (clientSecret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(id!) + ":" + Uri.EscapeDataString(clientSecret))));
        }
        else if (id is not null)
        {
            form["client_id"] = id;
        }

        request.Content = new FormUrlEncodedContent(form);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new TokenResponse((int)response.StatusCode, JsonDocument.Parse(body).RootElement.Clone(), response.Headers.CacheControl?.NoStore == true);
    }
}

internal sealed record TokenResponse(int Status, JsonElement Json, bool NoStore)
{
    public string? Error => Json.TryGetProperty("error", out var e) ? e.GetString() : null;

    public string? Get(string name) => Json.TryGetProperty(name, out var v) ? v.GetString() : null;
}
