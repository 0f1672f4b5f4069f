using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IdentityBroker.DemoClient.Tests.Support;

/// <summary>The demo client started in-process through <see cref="DemoClientApp.Create"/> on a real localhost port.</summary>
internal sealed class DemoClientHost : IAsyncDisposable
{
    private DemoClientHost(WebApplication app, string baseUrl, CapturingLoggerProvider logs)
    {
        App = app;
        BaseUrl = baseUrl;
        Logs = logs;
    }

    public WebApplication App { get; }

    public string BaseUrl { get; }

    public CapturingLoggerProvider Logs { get; }

    public static Dictionary<string, string?> SettingsFor(string authority, string publicUrl) => new()
    {
        ["DemoClient:Authority"] = authority,
        ["DemoClient:ClientId"] = FakeOp.ClientId,
        ["DemoClient:ClientSecret"] = FakeOp.ClientSecret,
        ["DemoClient:PublicUrl"] = publicUrl,
        ["DemoClient:RequireHttpsMetadata"] = "false",
    };

    public static async Task<DemoClientHost> StartAsync(string authority, Action<Dictionary<string, string?>>? tweak = null)
    {
        // The redirect URI must be known before start, so take a free port first (a tiny race, fine for tests).
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var settings = SettingsFor(authority, baseUrl);
        tweak?.Invoke(settings);
        var logs = new CapturingLoggerProvider();

        var app = DemoClientApp.Create([], builder =>
        {
            builder.WebHost.UseUrls(baseUrl);
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddProvider(logs);
            builder.Services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        });
        await app.StartAsync();
        return new DemoClientHost(app, baseUrl, logs);
    }

    /// <summary>A browser stand-in: keeps cookies, does not follow redirects (the test follows them).</summary>
    public HttpClient CreateBrowser() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(BaseUrl),
        };

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
