using System.Net;
using IdentityBroker.DemoClient.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityBroker.DemoClient.Tests.Flow;

/// <summary>One fake OP and one demo client per fixture; each test gets its own cookie jar.</summary>
public abstract class FlowTestBase
{
    private protected FakeOp Op { get; private set; } = null!;

    private protected DemoClientHost Demo { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartHostsAsync()
    {
        Op = await FakeOp.StartAsync();
        Demo = await DemoClientHost.StartAsync(Op.Issuer);
    }

    [OneTimeTearDown]
    public async Task StopHostsAsync()
    {
        await Demo.DisposeAsync();
        await Op.DisposeAsync();
    }

    [SetUp]
    public void ResetOp() => Op.Reset();

    /// <summary>GET /login and return the authorization request parameters from the redirect.</summary>
    private protected static async Task<Dictionary<string, string>> StartLoginAsync(HttpClient browser, string path = "/login")
    {
        using var response = await browser.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "GET /login should redirect to the OP");
        var location = response.Headers.Location!;
        return QueryHelpers.ParseQuery(location.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    /// <summary>Simulates the OP's redirect back to the client's redirect_uri.</summary>
    private protected static Task<HttpResponseMessage> CallbackAsync(HttpClient browser, string redirectUri, IDictionary<string, string?> parameters) =>
        browser.GetAsync(QueryHelpers.AddQueryString(redirectUri, parameters));

    private protected async Task<HttpResponseMessage> CompleteLoginAsync(HttpClient browser, Dictionary<string, string> request) =>
        await CallbackAsync(browser, request["redirect_uri"], new Dictionary<string, string?>
        {
            ["code"] = Op.IssueCode(request),
            ["state"] = request["state"],
            ["iss"] = Op.Issuer,
        });

    private protected async Task<HttpClient> SignedInBrowserAsync()
    {
        var browser = Demo.CreateBrowser();
        using var callback = await CompleteLoginAsync(browser, await StartLoginAsync(browser));
        Assert.That(callback.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await callback.Content.ReadAsStringAsync());
        return browser;
    }

    private protected static async Task<(HttpStatusCode Status, string Html)> GetPageAsync(HttpClient browser, string path)
    {
        using var response = await browser.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private protected static async Task<string> ReadAsync(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();
}
