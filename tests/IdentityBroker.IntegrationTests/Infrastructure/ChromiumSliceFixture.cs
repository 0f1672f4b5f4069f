using IdentityBroker.IntegrationTests.Flows;

namespace IdentityBroker.IntegrationTests.Infrastructure;

/// <summary>A <see cref="SliceFixture"/> with one Chromium for the fixture's tests (launched after the slice, closed before it).</summary>
public abstract class ChromiumSliceFixture : SliceFixture
{
    private ChromiumBrowser? _chromium;

    internal Microsoft.Playwright.IBrowser Browser => _chromium!.Browser;

    [OneTimeSetUp]
    public async Task LaunchChromiumAsync() => _chromium = await Chromium.LaunchAsync();

    [OneTimeTearDown]
    public async Task CloseChromiumAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
    }
}
