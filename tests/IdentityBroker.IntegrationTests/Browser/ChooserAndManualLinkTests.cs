using IdentityBroker.IntegrationTests.Esia;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.IntegrationTests.SignIn;
using Microsoft.Playwright;

namespace IdentityBroker.IntegrationTests.Browser;

/// <summary>
/// The account chooser (R-MATCH-5) and the manual-linking page (R-MATCH-6) in Chromium at a phone's size, driven by the
/// keyboard only (Tab, Shift+Tab, typing, Enter) on the broker's pages; the emulator's own pages are clicked. Assertions
/// read what the person sees: headings, labels, messages, focus, and no sideways scrolling.
/// </summary>
[CancelAfter(180_000)]
public sealed class ChooserAndManualLinkTests : ChromiumSliceFixture
{
    private const string FedorovaPassword = "Фёдорова-Chromium-1";

    [OneTimeSetUp]
    public async Task ImportAccountAsync()
    {
        // diary-without-snils: the sample account d38-1007 (no SNILS), here with a password hash; staff, so no parent pages follow
        await EsiaFlows.ImportDirectoryRowsAsync(Slice, "38",
            ManualLinkSteps.Row("d38-1007", "fedorova.ap", "Федорова", "Анна", "Павловна", new DateOnly(1992, 8, 8), FedorovaPassword));
    }

    [Test]
    public async Task Chromium_Rmatch5_PhoneKeyboard_ChooserShowsRolesAndSchools_TabShiftTabEnterEntersTheChosenAccount()
    {
        var page = await PhonePageAsync();
        await UpToBrokerAsync(page, "several-accounts");
        await page.WaitForSelectorAsync("#choose");
        await Chromium.ScreenshotAsync(page, "chooser-phone");

        Assert.That(await page.Locator("h1").InnerTextAsync(), Is.EqualTo("Выберите учётную запись"));
        Assert.That(await page.Locator("button[data-account='d38-1006a']").InnerTextAsync(), Does.Contain("Сотрудник школы").And.Contain("МБОУ «СОШ № 1» г. Иркутска"));
        Assert.That(await page.Locator("button[data-account='d38-1006b']").InnerTextAsync(), Does.Contain("Родитель").And.Contain("МАОУ «Лицей № 2» г. Иркутска"));
        Assert.That(await FitsTheScreenAsync(page), Is.True, "no sideways scrolling at 360 px");
        Assert.That((await page.Locator("button[data-account='d38-1006a']").BoundingBoxAsync())!.Height, Is.GreaterThanOrEqualTo(44), "a touch target");

        await page.Keyboard.PressAsync("Tab");
        Assert.That(await FocusedAttributeAsync(page, "data-account"), Is.EqualTo("d38-1006a"));
        await page.Keyboard.PressAsync("Tab");
        Assert.That(await FocusedAttributeAsync(page, "data-account"), Is.EqualTo("d38-1006b"));
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.That(await FocusedAttributeAsync(page, "data-account"), Is.EqualTo("d38-1006a"));
        await page.Keyboard.PressAsync("Enter");

        await PastDataConsentByKeyboardAsync(page);
        Assert.That(await page.Locator("#claims tr[data-claim='sub'] td").Last.InnerTextAsync(), Is.EqualTo("d38-1006a"));
    }

    [Test]
    public async Task Chromium_Rmatch6_PhoneKeyboard_ManualLinkPage_WrongPasswordShownThenRightPasswordLinksAndSignsIn()
    {
        var page = await PhonePageAsync();
        await UpToBrokerAsync(page, "diary-without-snils");
        await page.WaitForSelectorAsync("#manual-link-form");
        await Chromium.ScreenshotAsync(page, "manual-link-phone");

        Assert.That(await page.Locator("h1").InnerTextAsync(), Is.EqualTo("Привязать профиль дневника"));
        Assert.That(await page.Locator("#explanation").InnerTextAsync(), Does.Contain("нет СНИЛС"));
        Assert.That(await page.Locator("label[for='login']").InnerTextAsync(), Is.EqualTo("Логин от электронного дневника"));
        Assert.That(await page.Locator("label[for='password']").InnerTextAsync(), Is.EqualTo("Пароль от электронного дневника"));
        Assert.That(await page.Locator("#remedy").InnerTextAsync(), Does.Contain("Обратитесь в школу"));
        Assert.That(await page.Locator("#reference").IsVisibleAsync(), Is.True);
        Assert.That(await FitsTheScreenAsync(page), Is.True, "no sideways scrolling at 360 px");
        Assert.That(await page.EvalOnSelectorAsync<string>("#login", "e => getComputedStyle(e).fontSize"), Is.EqualTo("16px"), "phones do not zoom into 16 px fields");
        Assert.That((await page.Locator("#login").BoundingBoxAsync())!.Width, Is.GreaterThan(260), "the field spans the card");
        Assert.That((await page.Locator("#link").BoundingBoxAsync())!.Height, Is.GreaterThanOrEqualTo(44), "a touch target");

        // Tab order: login, password, the button
        await page.Keyboard.PressAsync("Tab");
        Assert.That(await FocusedIdAsync(page), Is.EqualTo("login"));
        await page.Keyboard.TypeAsync("fedorova.ap");
        await page.Keyboard.PressAsync("Tab");
        Assert.That(await FocusedIdAsync(page), Is.EqualTo("password"));
        await page.Keyboard.TypeAsync("not-my-password");
        await page.Keyboard.PressAsync("Tab");
        Assert.That(await FocusedIdAsync(page), Is.EqualTo("link"));
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForSelectorAsync("#credentials-message");
        await Chromium.ScreenshotAsync(page, "manual-link-wrong-phone");
        Assert.That(await page.Locator("#credentials-message").InnerTextAsync(), Does.StartWith("Неверный логин или пароль."));
        Assert.That(await page.Locator("#credentials-message").GetAttributeAsync("role"), Is.EqualTo("alert"), "read out by screen readers");
        Assert.That(await page.Locator("#login").InputValueAsync(), Is.EqualTo("fedorova.ap"), "the login is kept");
        Assert.That(await page.Locator("#password").InputValueAsync(), Is.Empty);
        Assert.That(await FocusedIdAsync(page), Is.EqualTo("password"), "the cursor waits in the password field");

        await page.Keyboard.TypeAsync(FedorovaPassword);
        await page.Keyboard.PressAsync("Enter");

        await PastDataConsentByKeyboardAsync(page);
        Assert.That(page.Url, Does.StartWith(Slice.DemoUrl));
        Assert.That(await page.Locator("#claims tr[data-claim='sub'] td").Last.InnerTextAsync(), Is.EqualTo("d38-1007"));
    }

    private async Task<IPage> PhonePageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "ru-RU", ViewportSize = new ViewportSize { Width = 360, Height = 740 }, IsMobile = true, HasTouch = true,
        });
        return await context.NewPageAsync();
    }

    /// <summary>The diary's «Войти» and the emulator's persona and «Предоставить» (not the broker's pages: clicked).</summary>
    private async Task UpToBrokerAsync(IPage page, string persona)
    {
        await page.GotoAsync(Slice.DemoUrl);
        await page.ClickAsync("#login");
        await page.ClickAsync($"button.persona[value='{persona}']");
        await page.ClickAsync("button[name='decision'][value='grant']");
    }

    /// <summary>The first sign-in asks for the R-CONSENT-1 consent: «Даю согласие» is the first Tab stop.</summary>
    private static async Task PastDataConsentByKeyboardAsync(IPage page)
    {
        await page.WaitForSelectorAsync("#claims, #data-consent");
        if (await page.Locator("#data-consent").CountAsync() > 0)
        {
            await page.Keyboard.PressAsync("Tab");
            Assert.That(await FocusedIdAsync(page), Is.EqualTo("data-consent-accept"));
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync("#claims");
        }
    }

    private static Task<string?> FocusedIdAsync(IPage page) => page.EvaluateAsync<string?>("() => document.activeElement && document.activeElement.id");

    private static Task<string?> FocusedAttributeAsync(IPage page, string name) =>
        page.EvaluateAsync<string?>("n => document.activeElement && document.activeElement.getAttribute(n)", name);

    private static Task<bool> FitsTheScreenAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
}
