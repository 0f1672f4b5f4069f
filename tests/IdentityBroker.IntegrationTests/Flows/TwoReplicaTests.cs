using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Flows;

/// <summary>
/// No per-instance state: a sign-in started on one broker replica finishes on another, because the ESIA round-trip state,
/// codes, signing keys and the Data Protection key ring all live in PostgreSQL.
/// </summary>
[CancelAfter(120_000)]
public sealed class TwoReplicaTests : SliceFixture
{
    protected override int BrokerReplicas => 2;

    [Test]
    public async Task SignIn_StartedOnReplicaA_CallbackOnReplicaB_CodeRedeemedOnA_SessionReadByBoth()
    {
        var a = new Uri(Slice.BrokerUrls[0]);
        var b = new Uri(Slice.BrokerUrls[1]);
        using var browser = new BrowserClient
        {
            // The load balancer sends ESIA's callback to the other replica.
            RedirectRewriter = uri => uri.Authority == a.Authority && uri.AbsolutePath == "/signin-esia"
                ? new UriBuilder(uri) { Port = b.Port }.Uri
                : uri,
        };

        var home = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(Slice.DemoUrl + "/login"), "confirmed-adult");

        Assert.That(browser.History.Any(u => u.Authority == a.Authority && u.AbsolutePath == "/connect/authorize"), "started on A");
        Assert.That(browser.History.Any(u => u.Authority == b.Authority && u.AbsolutePath == "/signin-esia"), "finished on B");
        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1001"), "the demo client redeemed B's code at A");

        // The session cookie written by B is read by A (shared Data Protection keys): single sign-on without ESIA.
        browser.RedirectRewriter = null;
        browser.History.Clear();
        var again = await browser.GetAsync(Slice.DemoUrl + "/login");
        Assert.That(again.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1001"));
        Assert.That(browser.History.Any(u => u.ToString().StartsWith(Slice.EmulatorUrl, StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task Jwks_BothReplicas_PublishTheSameKeys()
    {
        using var http = new HttpClient();

        var fromA = await http.GetStringAsync(Slice.BrokerUrls[0] + "/.well-known/jwks.json");
        var fromB = await http.GetStringAsync(Slice.BrokerUrls[1] + "/.well-known/jwks.json");

        Assert.That(fromB, Is.EqualTo(fromA), "one key set shared through PostgreSQL, created once");
    }
}
