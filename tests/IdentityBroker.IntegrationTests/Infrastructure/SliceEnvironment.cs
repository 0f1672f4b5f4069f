using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IdentityBroker.Core.Privacy;
using IdentityBroker.DemoClient;
using IdentityBroker.EsiaEmulator;
using IdentityBroker.Server;
using IdentityBroker.Store;
using IdentityBroker.Store.Directory;
using IdentityBroker.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IdentityBroker.IntegrationTests.Infrastructure;

/// <summary>
/// The whole slice on loopback ports: the ESIA emulator, one or more broker replicas on one PostgreSQL database, and the
/// demo diary client. Every replica is configured with the same public issuer (the first replica's URL), as behind a
/// load balancer. The sample directory of region 38 is imported.
/// </summary>
internal sealed class SliceEnvironment : IAsyncDisposable
{
    public const string RegionCode = "38";
    public const string EsiaClientId = "DNEVNIK38";
    public const string DemoClientId = "diary-38-web";
    public const string DemoClientSecret = "demo-secret-for-tests";
    public const string PublicClientId = "diary-mobile-test";
    public const string PublicClientRedirect = "ru.dnevnik.app:/oauth2redirect";
    public const string ServiceClientId = "diary-38-service";
    public const string PublicClientQueryRedirect = "http://127.0.0.1/callback?app=diary"; // oidcc-redirect-uri-query-*
    public const string ServiceClientSecret = "service-secret-for-tests";
    public const string PrivateKeyJwtClientId = "diary-38-pkjwt";
    public const string DpopClientId = "diary-mobile-dpop";

    private readonly List<WebApplication> _apps = [];
    private IReadOnlyDictionary<string, string?>? _brokerSettings;
    private Action<WebApplicationBuilder>? _configureBroker;
    private string? _connectionString;
    private string? _brokerEnvironment;

    private SliceEnvironment(string directory) => Directory = directory;

    public string Directory { get; }

    public string EmulatorUrl { get; private set; } = string.Empty;

    public IReadOnlyList<string> BrokerUrls { get; private set; } = [];

    public string BrokerUrl => BrokerUrls[0];

    /// <summary>
    /// The management address of each replica (same index as <see cref="BrokerUrls"/>): health, metrics and the staff/admin
    /// APIs answer only there (src/IdentityBroker.Server/Hosting/ManagementEndpoints.cs), never on <see cref="BrokerUrls"/>.
    /// </summary>
    public IReadOnlyList<string> ManagementUrls { get; private set; } = [];

    /// <summary>The first replica's management base address (health, metrics, /admin/...).</summary>
    public string ManagementUrl => ManagementUrls[0];

    public string DemoUrl { get; private set; } = string.Empty;

    public string ConnectionString { get; private set; } = string.Empty;

    public IServiceProvider BrokerServices { get; private set; } = null!;

    /// <summary>
    /// The brokers' clock (every replica's <see cref="TimeProvider"/>): real time until a test moves it ahead with
    /// <see cref="SettableClock.Advance"/>, to get past an expiry (refresh-token grace, max_age, lifetimes) without sleeping.
    /// </summary>
    public SettableClock Clock { get; } = SettableClock.Running();

    /// <summary>The configuration every replica gets (also for a broker started as a separate process, <see cref="BrokerProcess"/>).</summary>
    public IReadOnlyDictionary<string, string?> BrokerConfiguration { get; private set; } = new Dictionary<string, string?>();

    /// <summary>ESIA extras (second region, GOST tokens, ESIA timeout, trusted bundle); see <see cref="IdentityBroker.IntegrationTests.Esia.EsiaSliceOptions"/>.</summary>
    public IdentityBroker.IntegrationTests.Esia.EsiaSliceOptions Esia { get; private set; } = new();

    /// <summary>Back-channel logout endpoint of the demo and private_key_jwt clients (records, can be switched down).</summary>
    public RecordingReceiver LogoutReceiver { get; private set; } = null!;

    /// <summary>Region 38's notification endpoint: consent webhooks (R-CONSENT-3/5, docs/webhooks.md) arrive here.</summary>
    public RecordingReceiver WebhookReceiver { get; private set; } = null!;

    /// <summary>Region 38's webhook HMAC secret (read by the broker from a file, as in production).</summary>
    public const string WebhookSecret = "test-webhook-secret-of-region-38-0123456789";

    /// <summary>The private key of <see cref="PrivateKeyJwtClientId"/> (its public part is in the region file's jwks, kid "pkjwt-1").</summary>
    public System.Security.Cryptography.RSA PrivateKeyJwtKey { get; } = System.Security.Cryptography.RSA.Create(2048);

    public static async Task<SliceEnvironment> StartAsync(
        int brokerReplicas = 1, string adultLevels = "\"standard\", \"confirmed\"", IReadOnlyDictionary<string, string?>? brokerSettings = null, IdentityBroker.IntegrationTests.Esia.EsiaSliceOptions? esia = null,
        Action<WebApplicationBuilder>? configureBroker = null, string? connectionString = null, string? brokerEnvironment = null)
    {
        // connectionString: a database of a server of the test's own (RestartablePostgres); brokerEnvironment: e.g. "Development"
        var env = new SliceEnvironment(Path.Combine(Path.GetTempPath(), "ib-slice-" + Guid.NewGuid().ToString("N")[..8]))
        {
            _brokerSettings = brokerSettings, _configureBroker = configureBroker, _connectionString = connectionString, _brokerEnvironment = brokerEnvironment,
        };
        env.Esia = esia ?? new IdentityBroker.IntegrationTests.Esia.EsiaSliceOptions();
        try
        {
            await env.StartInternalAsync(brokerReplicas, adultLevels);
            return env;
        }
        catch
        {
            await env.DisposeAsync();
            throw;
        }
    }

    private async Task StartInternalAsync(int brokerReplicas, string adultLevels)
    {
        var credentials = TestCredentials.WriteTo(Path.Combine(Directory, "keys"));
        Esia.Prepare(Directory, credentials);
        EmulatorUrl = $"http://127.0.0.1:{FreePort.Next()}";
        BrokerUrls = Enumerable.Range(0, brokerReplicas).Select(_ => $"http://127.0.0.1:{FreePort.Next()}").ToList();
        var managementPorts = Enumerable.Range(0, brokerReplicas).Select(_ => FreePort.Next()).ToList();
        ManagementUrls = managementPorts.Select(p => $"http://127.0.0.1:{p}").ToList();
        DemoUrl = $"http://127.0.0.1:{FreePort.Next()}";
        ConnectionString = _connectionString ?? await PostgresCluster.CreateDatabaseAsync("slice");
        LogoutReceiver = await RecordingReceiver.StartAsync();
        WebhookReceiver = await RecordingReceiver.StartAsync();
        await File.WriteAllTextAsync(Path.Combine(Directory, "keys", "webhook-38.secret"), WebhookSecret + "\n");

        var emulator = EmulatorApp.Create([], b =>
        {
            b.WebHost.UseUrls(EmulatorUrl);
            Quiet(b);
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Emulator:Issuer"] = EmulatorUrl + "/",
                ["Emulator:SigningKeyPath"] = credentials.EsiaSigningKeyPath,
                ["Emulator:SigningCertificatePath"] = credentials.EsiaSigningCertificatePath,
                ["Emulator:Clients:0:ClientId"] = EsiaClientId,
                ["Emulator:Clients:0:CertificatePath"] = credentials.GostCertificatePath,
                ["Emulator:Clients:0:RedirectUris:0"] = BrokerUrl + "/",
                ["Emulator:Clients:0:SystemName"] = "Электронный дневник — Иркутская область",
            });
            b.Configuration.AddInMemoryCollection(Esia.EmulatorSettings(BrokerUrl));
        });
        await StartAsync(emulator);

        var regions = Path.Combine(Directory, "regions");
        System.IO.Directory.CreateDirectory(regions);
        await File.WriteAllTextAsync(Path.Combine(regions, "38.json"), RegionFile(credentials, adultLevels));
        await Esia.WriteRegionFilesAsync(regions, EmulatorUrl, BrokerUrl);

        var pepper = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("test pepper " + Directory)));
        var kek = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Broker"] = ConnectionString,
            ["IdentityBroker:Issuer"] = BrokerUrl,
            ["IdentityBroker:AllowHttpIssuer"] = "true",
            ["IdentityBroker:RegionsDirectory"] = regions,
            ["IdentityBroker:PersonalDataPepper"] = pepper,
            ["IdentityBroker:SigningKeyEncryptionKey"] = kek,
            ["IdentityBroker:MigrateOnStart"] = "true",
        };
        foreach (var extra in Esia.BrokerSettings.Concat(_brokerSettings ?? new Dictionary<string, string?>()))
        {
            configuration[extra.Key] = extra.Value;
        }

        BrokerConfiguration = configuration;
        foreach (var (url, managementPort) in BrokerUrls.Zip(managementPorts))
        {
            var broker = BrokerApp.Create(_brokerEnvironment is null ? [] : ["--environment", _brokerEnvironment], b =>
            {
                b.WebHost.UseUrls(url);
                Quiet(b);
                b.Logging.AddProvider(Esia.BrokerLog);
                b.Configuration.AddInMemoryCollection(BrokerConfiguration);
                b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["IdentityBroker:ManagementPort"] = managementPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
                b.Services.AddSingleton<TimeProvider>(Clock);
                _configureBroker?.Invoke(b); // e.g. an in-memory telemetry exporter
            });
            await StartAsync(broker); // one after another, as a rolling start: the first creates the keys
            if (url == BrokerUrl)
            {
                BrokerServices = broker.Services;
                await ImportSampleDirectoryAsync(broker.Services, pepper);
            }
        }

        var demo = DemoClientApp.Create([], b =>
        {
            b.WebHost.UseUrls(DemoUrl);
            Quiet(b);
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DemoClient:Authority"] = BrokerUrl,
                ["DemoClient:ClientId"] = DemoClientId,
                ["DemoClient:ClientSecret"] = DemoClientSecret,
                ["DemoClient:PublicUrl"] = DemoUrl,
                ["DemoClient:RequireHttpsMetadata"] = "false",
            });
        });
        await StartAsync(demo);
    }

    private async Task StartAsync(WebApplication app)
    {
        _apps.Add(app);
        await app.StartAsync();
    }

    private static void Quiet(WebApplicationBuilder b)
    {
        b.Logging.ClearProviders();
        b.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
    }

    private static async Task ImportSampleDirectoryAsync(IServiceProvider services, string pepper)
    {
        var importer = ActivatorUtilities.CreateInstance<DirectoryImporter>(services);
        await using var file = File.OpenRead(Path.Combine(RepositoryRoot.Path, "deploy", "dev", "directory-38.jsonl"));
        var report = await importer.ImportAsync(RegionCode, file, DirectoryFileFormat.JsonLines, new PersonalDataHasher(Convert.FromBase64String(pepper)), CancellationToken.None);
        if (report.Rejected.Count > 0)
        {
            throw new InvalidOperationException("Sample directory rows rejected: " + string.Join("; ", report.Rejected.Select(r => $"{r.Line}: {r.Reason}")));
        }
    }

    private string RegionFile(TestCredentials c, string adultLevels) => $$"""
        {
          // Irkutsk oblast accepts standard or confirmed accounts for adults (R-LEVEL-2, seed 004).
          "code": "38",
          "name": "Иркутская область",
          "timeZone": "Asia/Irkutsk",
          "policy": { "adultLevels": [ {{adultLevels}} ], "passwordSignIn": "forbidden" },
          "esia": {
            "baseUrl": {{Json(EmulatorUrl)}},
            "issuer": {{Json(EmulatorUrl + "/")}},
            "clientId": "{{EsiaClientId}}",
            "redirectUri": {{Json(BrokerUrl + "/signin-esia")}},
            "scopes": [ "openid", "fullname", "birthdate", "gender", "snils", "id_doc", "kid_fullname", "kid_birthdate", "kid_snils" ],
            "signer": { "kind": "file", "keyPath": {{Json(c.GostKeyPath)}}, "certificatePath": {{Json(c.GostCertificatePath)}} },
            "trustedCertificates": [ {{Json(Esia.TrustedBundlePath)}} ]{{Esia.RegionEsiaExtras}}
          },
          "notifications": {
            "webhookUrl": {{Json(WebhookReceiver.Url + "/webhooks/38")}},
            "secretFile": {{Json(Path.Combine(Directory, "keys", "webhook-38.secret"))}}
          },
          "clients": [
            {
              "clientId": "{{DemoClientId}}",
              "displayName": "Электронный дневник (демо)",
              "type": "confidential",
              "secretSha256": [ "{{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(DemoClientSecret)))}}" ],
              "redirectUris": [ {{Json(DemoUrl + "/signin-callback")}} ],
              "postLogoutRedirectUris": [ {{Json(DemoUrl + "/")}} ],
              "allowedScopes": [ "openid", "profile", "diary", "offline_access" ],
              "backChannelLogoutUri": {{Json(LogoutReceiver.Url + "/demo/backchannel-logout")}}
            },
            {
              "clientId": "{{PublicClientId}}",
              "type": "public",
              "redirectUris": [ "{{PublicClientRedirect}}", "http://127.0.0.1/callback", "{{PublicClientQueryRedirect}}" ],
              "postLogoutRedirectUris": [ "http://127.0.0.1/signed-out" ],
              "allowedScopes": [ "openid", "profile", "diary", "offline_access" ]
            },
            {
              "clientId": "{{DpopClientId}}",
              "type": "public",
              "redirectUris": [ "http://127.0.0.1/callback" ],
              "allowedScopes": [ "openid", "profile", "diary", "offline_access" ],
              "requirePushedAuthorizationRequests": true,
              "requireDpop": true
            },
            {
              "clientId": "{{ServiceClientId}}",
              "type": "confidential",
              "grantTypes": [ "client_credentials" ],
              "secretSha256": [ "{{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(ServiceClientSecret)))}}" ],
              "allowedScopes": [ "openid", "diary" ]
            },
            {
              "clientId": "{{PrivateKeyJwtClientId}}",
              "type": "confidential",
              "tokenEndpointAuthMethod": "private_key_jwt",
              "jwks": {{PrivateKeyJwtJwks()}},
              "redirectUris": [ "http://127.0.0.1/pkjwt-callback" ],
              "allowedScopes": [ "openid", "profile", "diary", "offline_access" ],
              "backChannelLogoutUri": {{Json(LogoutReceiver.Url + "/pkjwt/backchannel-logout")}}
            }{{Esia.Region38ExtraClients}}
          ]
        }
        """;

    private static string Json(string value) => JsonSerializer.Serialize(value);

    private string PrivateKeyJwtJwks()
    {
        var p = PrivateKeyJwtKey.ExportParameters(false);
        return JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = "pkjwt-1", n = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(p.Modulus), e = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(p.Exponent) },
            },
        });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in Enumerable.Reverse(_apps))
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await app.StopAsync(timeout.Token);
            }
            finally
            {
                await app.DisposeAsync();
            }
        }

        if (LogoutReceiver is not null)
        {
            await LogoutReceiver.DisposeAsync();
        }

        if (WebhookReceiver is not null)
        {
            await WebhookReceiver.DisposeAsync();
        }

        PrivateKeyJwtKey.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
