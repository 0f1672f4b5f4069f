using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Logout;

/// <summary>The demo diary's «Выйти» button: RP-initiated logout from discovery's end_session_endpoint, back to the demo, signed out.</summary>
[CancelAfter(180_000)]
public sealed class DemoClientLogoutTests : SliceFixture
{
    [Test]
    public async Task DemoLogout_RoundTripThroughBrokerAndEsia_EndsOnDemoHomeSignedOut()
    {
        Slice.LogoutReceiver.Received.Clear();
        using var browser = new BrowserClient();
        var home = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(Slice.DemoUrl + "/login"), "confirmed-adult");
        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1001"));
        browser.History.Clear();

        var after = await browser.SubmitAsync(home, "button#logout");

        Assert.That(after.Url.GetLeftPart(UriPartial.Path), Is.EqualTo(Slice.DemoUrl + "/"), string.Join("\n", browser.History));
        Assert.That(after.Text("#status"), Is.EqualTo("Вы не вошли."));
        Assert.That(browser.History.Any(u => u.AbsolutePath == "/connect/endsession"), "through the broker's end_session_endpoint");
        Assert.That(browser.History.Any(u => u.AbsolutePath == "/idp/ext/Logout"), "through ESIA's logout");
        Assert.That(await Slice.LogoutReceiver.WaitForAsync(1, TimeSpan.FromSeconds(20)), Has.Count.EqualTo(1), "back-channel logout to the demo client");

        browser.History.Clear();
        var again = await browser.GetAsync(Slice.DemoUrl + "/login");
        Assert.That(again.Body, Does.Contain("Вход на Госуслуги"), "no single sign-on left: the broker sends the user to ESIA again");
    }
}
