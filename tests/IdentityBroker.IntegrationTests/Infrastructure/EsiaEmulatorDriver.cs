namespace IdentityBroker.IntegrationTests.Infrastructure;

/// <summary>Clicks through the ESIA emulator's pages like a person: pick a test persona, then grant or refuse access.</summary>
internal static class EsiaEmulatorDriver
{
    public static async Task<Page> SignInAsync(BrowserClient browser, Page loginPage, string persona, bool grant = true)
    {
        Assert.That(loginPage.Body, Does.Contain("Вход на Госуслуги"), "expected the emulator's login page, got " + loginPage.Url);
        var access = await browser.SubmitAsync(loginPage, $"button.persona[value='{persona}']");
        Assert.That(access.Body, Does.Contain("запрашивает доступ"), "expected the access request page, got " + access.Url);
        return await browser.SubmitAsync(access, $"button[name='decision'][value='{(grant ? "grant" : "deny")}']");
    }
}
