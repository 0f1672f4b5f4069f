using System.Net;
using System.Security.Cryptography.X509Certificates;
using IdentityBroker.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IdentityBroker.EsiaEmulator.Tests.Infrastructure;

/// <summary>The emulator on a free loopback port with a throwaway GOST client and RSA signing key.</summary>
internal sealed class EmulatorHost : IAsyncDisposable
{
    public const string ClientId = "TESTIS";
    public const string OtherClientId = "OTHERIS";
    public const string RedirectPrefix = "https://broker.test/esia/";
    public const string RedirectUri = "https://broker.test/esia/callback";
    public const string OtherRedirectUri = "https://other.test/cb";
    public const string SystemName = "Электронный дневник — Тестовая область";
    public const string Issuer = "http://esia.test/";

    private readonly WebApplication _app;
    private readonly string _directory;

    private EmulatorHost(WebApplication app, string directory, GostTestKey client, GostTestKey other, SettableClock clock)
    {
        _app = app;
        _directory = directory;
        Client = client;
        OtherClient = other;
        Clock = clock;
        BaseUrl = app.Urls.First().TrimEnd('/');
        SigningCertificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(directory, "esia-signing.cer")));
    }

    public GostTestKey Client { get; }

    /// <summary>Registered as <see cref="OtherClientId"/>; its certificate is valid but not <see cref="ClientId"/>'s.</summary>
    public GostTestKey OtherClient { get; }

    public SettableClock Clock { get; }

    public string BaseUrl { get; }

    public X509Certificate2 SigningCertificate { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<EmulatorHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var directory = Directory.CreateTempSubdirectory("esia-emulator-tests-").FullName;
        var client = GostTestKey.Create("Test IS");
        var other = GostTestKey.Create("Other IS");
        File.WriteAllText(Path.Combine(directory, "client.pem"), client.CertificatePem);
        File.WriteAllBytes(Path.Combine(directory, "other.cer"), other.CertificateDer);
        var (keyPath, certificatePath) = RsaTestKey.WritePemFiles(directory);
        var configuration = new Dictionary<string, string?>
        {
            ["Emulator:Issuer"] = Issuer,
            ["Emulator:SigningKeyPath"] = keyPath,
            ["Emulator:SigningCertificatePath"] = certificatePath,
            ["Emulator:Clients:0:ClientId"] = ClientId,
            ["Emulator:Clients:0:CertificatePath"] = Path.Combine(directory, "client.pem"),
            ["Emulator:Clients:0:RedirectUris:0"] = RedirectPrefix,
            ["Emulator:Clients:0:SystemName"] = SystemName,
            ["Emulator:Clients:1:ClientId"] = OtherClientId,
            ["Emulator:Clients:1:CertificatePath"] = Path.Combine(directory, "other.cer"),
            ["Emulator:Clients:1:RedirectUris:0"] = "https://other.test/",
            ["Emulator:Clients:1:SystemName"] = "Другая система",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var clock = new SettableClock();
        var app = EmulatorApp.Create([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            Directory.Delete(directory, recursive: true);
            throw;
        }

        return new EmulatorHost(app, directory, client, other, clock);
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (tests look at each Location).</summary>
    public HttpClient CreateBrowser(TimeSpan? timeout = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(BaseUrl),
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SigningCertificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
