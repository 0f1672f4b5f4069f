namespace IdentityBroker.EsiaEmulator.Tests.Infrastructure;

/// <summary>One emulator per fixture, a fresh browser (cookie jar) per test.</summary>
public abstract class EmulatorFixture
{
    private protected EmulatorHost Host { get; private set; } = null!;

    private protected EsiaBrowser Browser { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartEmulatorAsync() => Host = await EmulatorHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopEmulatorAsync() => await Host.DisposeAsync();

    [SetUp]
    public void NewBrowser() => Browser = new EsiaBrowser(Host);

    [TearDown]
    public void DisposeBrowser() => Browser.Dispose();
}
