using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace IdentityBroker.IntegrationTests.Browser;

/// <summary>
/// R-CONSENT-1 in a real browser at a phone's viewport, by keyboard only: the consent page at the first sign-in, then the
/// demo's «Управление согласием» link to the broker's account page and «Отозвать согласие».
/// </summary>
[CancelAfter(120_000)]
public sealed class DataConsentChromiumTests : ChromiumSliceFixture
{
    [Test]
    public async Task Chromium_Rconsent1_PhoneKeyboard_ConsentThenRevokeFromAccountPage()
    {
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "ru-RU", ViewportSize = new ViewportSize { Width = 360, Height = 740 }, IsMobile = true, HasTouch = true,
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync(Slice.DemoUrl);
        await page.ClickAsync("#login");
        await page.ClickAsync("button.persona[value='confirmed-adult']");
        await page.ClickAsync("button[name='decision'][value='grant']");
        await page.WaitForSelectorAsync("#data-consent");
        await Chromium.ScreenshotAsync(page, "data-consent-phone");

        Assert.That(await page.Locator("h1").InnerTextAsync(), Is.EqualTo("Согласие на обработку персональных данных"));
        Assert.That(await FitsTheScreenAsync(page), Is.True, "no horizontal scrolling at 360 px");
        // The first stop of the keyboard is «Даю согласие», the second «Не даю согласие».
        await page.Keyboard.PressAsync("Tab");
        Assert.That(await FocusedIdAsync(page), Is.EqualTo("data-consent-accept"));
        await page.Keyboard.PressAsync("Tab");
        Assert.That(await FocusedIdAsync(page), Is.EqualTo("data-consent-decline"));
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#claims");
        Assert.That(await page.Locator("#claims tr[data-claim='sub'] td").Last.InnerTextAsync(), Is.EqualTo("d38-1001"));

        // The diary's link to the broker's account page, followed by keyboard.
        await page.FocusAsync("#manage-consent");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#account-consent");
        await Chromium.ScreenshotAsync(page, "account-phone");
        Assert.That(page.Url, Does.StartWith(Slice.BrokerUrl + "/account"));
        Assert.That(await page.Locator("#account-consent-version").InnerTextAsync(), Is.EqualTo("1"));
        Assert.That(await FitsTheScreenAsync(page), Is.True, "no horizontal scrolling at 360 px");

        // Tab order: the two section links, then «Отозвать согласие».
        var stops = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            stops.Add(await FocusedIdAsync(page));
        }

        Assert.That(stops, Is.EqualTo(new[] { "account-nav-consent", "account-nav-children", "account-revoke" }));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#account-revoked");
        await Chromium.ScreenshotAsync(page, "account-revoked-phone");
        Assert.That(await page.Locator("h1").InnerTextAsync(), Is.EqualTo("Согласие отозвано"));

        // Signing in again asks again.
        await page.GotoAsync(Slice.DemoUrl + "/login?prompt=login");
        await page.ClickAsync("button.persona[value='confirmed-adult']");
        await page.ClickAsync("button[name='decision'][value='grant']");
        await page.WaitForSelectorAsync("#data-consent");
    }

    private static Task<string?> FocusedIdAsync(IPage page) => page.EvaluateAsync<string?>("() => document.activeElement && document.activeElement.id");

    private static Task<bool> FitsTheScreenAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
}
