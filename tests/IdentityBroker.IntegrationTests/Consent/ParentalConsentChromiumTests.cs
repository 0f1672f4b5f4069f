using IdentityBroker.IntegrationTests.Esia;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using static IdentityBroker.IntegrationTests.Consent.ConsentSteps;

namespace IdentityBroker.IntegrationTests.Consent;

/// <summary>
/// The parent's pages in a real browser on a phone-sized screen, operated by keyboard only (Tab to the button, Enter):
/// the requests interstitial of way 1 (R-CONSENT-3) and «Мои дети» of way 2 (R-CONSENT-4).
/// </summary>
[CancelAfter(180_000)]
public sealed class ParentalConsentChromiumTests
{
    private SliceEnvironment _slice = null!;
    private ChromiumBrowser _chromium = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _slice = await SliceEnvironment.StartAsync();
        await ImportFamilyAsync(_slice);
        _chromium = await Chromium.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        await _slice.DisposeAsync();
    }

    [Test]
    public async Task Chromium_Rconsent3_RequestsInterstitial_GrantAndContinueByKeyboard()
    {
        using (var child = new BrowserClient())
        {
            Assert.That((await EsiaFlows.RefusalAsync(_slice, await SignInAsync(child, _slice, "child-10"))).Reason, Is.EqualTo("consent_required"));
        }

        await using var context = await PhoneAsync();
        var page = await context.NewPageAsync();
        await SignInAtEsiaAsync(page, "parent-two-kids");
        await page.WaitForSelectorAsync("#requests");
        await Chromium.ScreenshotAsync(page, "consent-requests");
        Assert.That(await page.Locator("h1").InnerTextAsync(), Does.Contain("просят доступ"));

        await TabToAsync(page, $"button[value='grant'][data-child='{Child10}']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#status");
        Assert.That(await page.Locator("#status").InnerTextAsync(), Does.StartWith("Согласие дано"));

        await TabToAsync(page, "#requests-continue");
        await page.Keyboard.PressAsync("Enter");
        await FinishAtDiaryAsync(page);
        Assert.That(await page.Locator("#claims tr[data-claim='sub'] td").Last.InnerTextAsync(), Is.EqualTo(Father));
    }

    [Test]
    public async Task Chromium_Rconsent4_MyChildren_GrantAheadByKeyboard()
    {
        await using var context = await PhoneAsync();
        var page = await context.NewPageAsync();
        await SignInAtEsiaAsync(page, "second-parent");
        await FinishAtDiaryAsync(page);

        await page.GotoAsync(_slice.BrokerUrl + "/account/children");
        await page.WaitForSelectorAsync("#children");
        await Chromium.ScreenshotAsync(page, "my-children");
        Assert.That(await page.Locator($"li[data-child='{Child13}']").GetAttributeAsync("data-status"), Is.EqualTo("none"));

        await TabToAsync(page, $"button[value='grant'][data-child='{Child13}']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#status");
        Assert.That(await page.Locator($"li[data-child='{Child13}']").GetAttributeAsync("data-status"), Is.EqualTo("granted"));
        await TabToAsync(page, $"button[value='revoke'][data-child='{Child13}']"); // the next action is reachable too
        await TabToAsync(page, "#account-link");
    }

    private async Task<IBrowserContext> PhoneAsync() =>
        await _chromium.NewContextAsync(new BrowserNewContextOptions { Locale = "ru-RU", ViewportSize = new ViewportSize { Width = 360, Height = 740 } });

    private async Task SignInAtEsiaAsync(IPage page, string persona)
    {
        await page.GotoAsync(_slice.DemoUrl);
        await page.ClickAsync("#login");
        await page.ClickAsync($"button.persona[value='{persona}']");
        await page.ClickAsync("button[name='decision'][value='grant']");
    }

    /// <summary>After the parent's step: the first-login data consent (R-CONSENT-1), then the diary.</summary>
    private static async Task FinishAtDiaryAsync(IPage page)
    {
        await page.WaitForSelectorAsync("#data-consent-accept, #claims");
        if (await page.Locator("#data-consent-accept").CountAsync() > 0)
        {
            await page.ClickAsync("#data-consent-accept");
        }

        await page.WaitForSelectorAsync("#claims");
    }

    /// <summary>Presses Tab until <paramref name="selector"/> has the focus: it is reachable by keyboard, in document order.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 30; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement !== null && document.activeElement.matches(s)", selector))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"'{selector}' is not reachable with Tab");
    }
}
