using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace IdentityBroker.IntegrationTests.Browser;

/// <summary>A real browser clicks through the slice, as a parent would, and reads what the page finally shows.</summary>
[CancelAfter(120_000)]
public sealed class ChromiumSignInTests : ChromiumSliceFixture
{
    [Test]
    public async Task Chromium_ConfirmedAdult_ReachesTheDiaryWithBrokerClaims()
    {
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "ru-RU" });
        var page = await context.NewPageAsync();

        await page.GotoAsync(Slice.DemoUrl);
        await page.ClickAsync("#login");
        await page.WaitForSelectorAsync("button.persona");
        Assert.That(await page.TitleAsync(), Does.Contain("Госуслуг"));
        await page.ClickAsync("button.persona[value='confirmed-adult']");
        await page.ClickAsync("button[name='decision'][value='grant']");
        await page.ClickAsync("#data-consent-accept"); // R-CONSENT-1: the first sign-in asks for consent
        await page.WaitForSelectorAsync("#claims");
        await Chromium.ScreenshotAsync(page, "diary-home");

        Assert.That(page.Url, Does.StartWith(Slice.DemoUrl));
        Assert.That(await page.Locator("#claims tr[data-claim='sub'] td").Last.InnerTextAsync(), Is.EqualTo("d38-1001"));
        Assert.That(await page.Locator("#userinfo").InnerTextAsync(), Does.Contain("Петров"));
    }

    [Test]
    public async Task Chromium_SimplifiedAccount_SeesRussianRefusalWithRemedyAndReference()
    {
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "ru-RU" });
        var page = await context.NewPageAsync();

        await page.GotoAsync(Slice.DemoUrl);
        await page.ClickAsync("#login");
        await page.ClickAsync("button.persona[value='simplified-adult']");
        await page.ClickAsync("button[name='decision'][value='grant']");
        await page.WaitForSelectorAsync("#error");
        await Chromium.ScreenshotAsync(page, "refusal-level-too-low");

        Assert.That(await page.Locator("h1").InnerTextAsync(), Is.EqualTo("Недостаточный уровень учётной записи Госуслуг"));
        Assert.That(await page.Locator("#remedy").InnerTextAsync(), Does.Contain("через банк"));
        Assert.That(await page.Locator("#reference").InnerTextAsync(), Does.Match("^[0-9A-Z]{4}-[0-9A-Z]{4}$"));

        await page.ClickAsync("#return");
        await page.WaitForURLAsync(Slice.DemoUrl + "/**");
        Assert.That(await page.Locator("#error-code").InnerTextAsync(), Is.EqualTo("access_denied"));
    }
}
