using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityBroker.EsiaEmulator.Tests.Infrastructure;

/// <summary>Walks the emulator's pages like a user: ac → login (persona) → access (grant/deny) → client redirect.</summary>
internal sealed partial class EsiaBrowser(EmulatorHost host) : IDisposable
{
    public HttpClient Http { get; } = host.CreateBrowser();

    public Task<HttpResponseMessage> AuthorizeAsync(IDictionary<string, string?> parameters) =>
        Http.GetAsync(EsiaRequests.AuthorizationUrl(parameters));

    /// <summary>Runs the whole login and returns where the emulator finally sends the browser (the client's redirect_uri).</summary>
    public async Task<Uri> LoginAsync(IDictionary<string, string?> parameters, string persona, string decision = "grant")
    {
        using var ac = await AuthorizeAsync(parameters);
        Assert.That(ac.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await ac.Content.ReadAsStringAsync());
        var loginUrl = ac.Headers.Location!.ToString();

        using var access = await PostFormAsync(loginUrl, new() { ["persona"] = persona });
        Assert.That(access.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var location = access.Headers.Location!;
        if (location.IsAbsoluteUri)
        {
            return location;
        }

        using var done = await PostFormAsync(location.ToString(), new() { ["decision"] = decision });
        Assert.That(done.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return done.Headers.Location!;
    }

    public async Task<(string Code, string State)> GetCodeAsync(string persona = "confirmed-adult", string scope = EsiaRequests.DefaultScope, string accessType = "online")
    {
        var parameters = EsiaRequests.Authorization(host, scope);
        parameters["access_type"] = accessType;
        var query = Query(await LoginAsync(parameters, persona));
        return (query["code"], query["state"]);
    }

    /// <summary>Full happy path: login as <paramref name="persona"/> and exchange the code; returns the te JSON.</summary>
    public async Task<JsonObject> GetTokensAsync(string persona = "confirmed-adult", string scope = EsiaRequests.DefaultScope, string accessType = "online")
    {
        var (code, _) = await GetCodeAsync(persona, scope, accessType);
        using var response = await Http.PostAsync("/aas/oauth2/v3/te", new FormUrlEncodedContent(EsiaRequests.Token(host, code, scope)));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>GETs a page, then posts its form with the antiforgery token plus <paramref name="fields"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pageUrl, Dictionary<string, string> fields)
    {
        var html = await Http.GetStringAsync(pageUrl);
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(html),
            ["tx"] = HiddenTx().Match(html).Groups[1].Value,
        };
        return await Http.PostAsync(pageUrl, new FormUrlEncodedContent(form));
    }

    public static Dictionary<string, string> Query(Uri uri) =>
        QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    public static string AntiforgeryToken(string html) => TokenInput().Match(html).Groups[1].Value;

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    [GeneratedRegex("name=\"tx\" value=\"([^\"]+)\"")]
    private static partial Regex HiddenTx();
}
