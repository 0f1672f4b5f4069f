using System.Net;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Logout;

/// <summary>The session lives in PostgreSQL: a logout on one replica kills it on every replica at once, even for a kept cookie.</summary>
[CancelAfter(180_000)]
public sealed class TwoReplicaLogoutTests : SliceFixture
{
    protected override int BrokerReplicas => 2;

    [Test]
    public async Task Logout_OnReplicaB_SessionDeadOnReplicaA_PromptNoneLoginRequired()
    {
        var a = Slice.BrokerUrls[0];
        var b = Slice.BrokerUrls[1];
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        var idToken = await LogoutSteps.SignInAsync(browser, client);
        Assert.That((await LogoutSteps.PromptNoneAsync(browser, client, b)).ContainsKey("code"), "single sign-on on B before logout");
        var cookie = LogoutSteps.SessionCookieOf(browser, a);
        var saved = new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain);

        var page = await LogoutSteps.EndSessionAsync(browser, b, new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken, ["post_logout_redirect_uri"] = LogoutSteps.SignedOutUri, ["state"] = "b",
        });
        Assert.That(page.Url.ToString(), Is.EqualTo(LogoutSteps.SignedOutUri + "?state=b"));
        browser.Cookies.Add(saved);

        Assert.That((await LogoutSteps.PromptNoneAsync(browser, client, a)).GetValueOrDefault("error"), Is.EqualTo("login_required"), "replica A");
        browser.Cookies.Add(saved);
        Assert.That((await LogoutSteps.PromptNoneAsync(browser, client, b)).GetValueOrDefault("error"), Is.EqualTo("login_required"), "replica B");
    }

    [Test]
    public async Task Outbox_TwoReplicasPolling_EachMessageDeliveredOnce()
    {
        Slice.LogoutReceiver.Received.Clear();
        using var browser = new BrowserClient();
        var idToken = await LogoutSteps.SignInAsync(browser, OidcTestClient.Confidential(Slice));

        await browser.GetAsync(LogoutSteps.EndSessionUrl(Slice.BrokerUrl, new Dictionary<string, string?> { ["id_token_hint"] = idToken }));
        await Slice.LogoutReceiver.WaitForAsync(1, TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(2)); // both replicas poll every 200 ms: room for a double delivery

        Assert.That(Slice.LogoutReceiver.Received, Has.Count.EqualTo(1), "FOR UPDATE SKIP LOCKED + lease: one delivery");
    }
}
