using Microsoft.Playwright;

namespace IdentityBroker.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (nothing is downloaded: ../shared/docs/TOOLCHAIN.md §8). scripts/test.sh installs
/// the chromium package; without it these tests fail with a message saying so (they are never skipped).
/// </summary>
internal static class Chromium
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    /// <summary>Starts Playwright and a headless Chromium; dispose the result to close both.</summary>
    public static async Task<ChromiumBrowser> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Fail($"Chromium not found at {ExecutablePath}: run scripts/test.sh (it installs it) or apt-get install -y chromium, or set CHROMIUM_PATH.");
        }

        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        return new ChromiumBrowser(playwright, browser);
    }

    /// <summary>Saves a screenshot next to the test results (attached to the test), for a person to look at.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path);
    }
}

/// <summary>A launched Chromium with its Playwright driver: the one owner of both, closed together.</summary>
internal sealed class ChromiumBrowser(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
{
    public IBrowser Browser => browser;

    public Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options) => browser.NewContextAsync(options);

    public async ValueTask DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
    }
}
