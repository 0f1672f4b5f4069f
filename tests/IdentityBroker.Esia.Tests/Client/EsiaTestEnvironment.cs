using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using IdentityBroker.Esia.Signing;
using IdentityBroker.Esia.Tests.Signing;
using IdentityBroker.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Crypto.Parameters;

namespace IdentityBroker.Esia.Tests.Client;

/// <summary>
/// A broker-side ESIA client wired through DI exactly as the broker does, with the primary handler replaced by
/// <see cref="StubEsiaHandler"/>; credentials are throwaway files in a temp directory.
/// </summary>
internal sealed class EsiaTestEnvironment : IDisposable
{
    public const string Region = "38";
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();
    private readonly ServiceProvider _services;

    public EsiaTestEnvironment(Action<EsiaResilienceOptions>? resilience = null, ILoggerProvider? logs = null)
    {
        var (clientKey, clientCert) = GostCredentialGenerator.CreateSelfSigned("TESTSYS", Now.AddDays(-1), Now.AddYears(1));
        ClientCertificate = GostCertificate.Parse(System.Text.Encoding.ASCII.GetBytes(clientCert));
        var (esiaGostKey, esiaGostCert) = GostCredentialGenerator.CreateSelfSigned("ESIA GOST", Now.AddDays(-1), Now.AddYears(1));
        EsiaGostKey = GostKeyEncoding.DecodePrivateKeyPem(esiaGostKey);

        Registration = new EsiaRegistrationOptions
        {
            BaseUrl = "https://esia.test",
            Issuer = "http://esia.test/",
            ClientId = "TESTSYS",
            RedirectUri = "https://broker.test/signin-esia",
            Signer = new EsiaSignerOptions
            {
                Kind = "file",
                KeyPath = _dir.Write("client.key", clientKey),
                CertificatePath = _dir.Write("client.crt", clientCert),
            },
            TrustedCertificates = [WriteRsaCertificate("esia-rsa-1.crt", EsiaRsaKey), _dir.Write("esia-gost.crt", esiaGostCert)],
            Timeout = TimeSpan.FromSeconds(2),
        };

        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            if (logs is not null)
            {
                b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
            }
        });
        services.AddSingleton<TimeProvider>(Time);
        // AddEsiaClient binds IdentityBroker:Esia:Resilience (BindConfiguration): an empty configuration, the code below sets the values
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddEsiaClient(o =>
        {
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
            resilience?.Invoke(o);
        }).ConfigurePrimaryHttpMessageHandler(() => Stub);
        _services = services.BuildServiceProvider();
        Stub.Token = (form, _) => Task.FromResult(TokenResponse(form["state"]));
        Stub.Person = (_, _, _) => Task.FromResult(StubEsiaHandler.Json(HttpStatusCode.OK, PersonJson));
    }

    public StubEsiaHandler Stub { get; } = new();

    public SettableClock Time { get; } = new(Now);

    public EsiaRegistrationOptions Registration { get; }

    public GostCertificate ClientCertificate { get; }

    // one key per test run: RSA generation is slow and the key is not what these tests vary
    private static readonly RSA SharedRsaKey = RSA.Create(2048);

#pragma warning disable CA1822 // an instance member like EsiaGostKey: tests read both ESIA keys from their environment
    public RSA EsiaRsaKey => SharedRsaKey;
#pragma warning restore CA1822

    public ECPrivateKeyParameters EsiaGostKey { get; }

    public IEsiaClient Client => _services.GetRequiredService<IEsiaClient>();

    public IServiceProvider Services => _services;

    public JsonObject IdClaims { get; } = TestTokens.Claims("id-token-claims.json");

    public JsonObject AccessClaims { get; } = TestTokens.Claims("access-token-claims.json");

    public string PersonJson { get; set; } = File.ReadAllText(TestDataPath("person-confirmed.json"));

    /// <summary>Signs the tokens of the next answers; RS256 with <see cref="EsiaRsaKey"/> unless replaced.</summary>
    public Func<JsonObject, string, string> SignToken { get; set; } = null!;

    public Func<string, string> EchoState { get; set; } = state => state;

    public static string TestDataPath(string file) =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Esia", file);

    public void UsePersona(string personFile, string level, bool isTrusted)
    {
        PersonJson = File.ReadAllText(TestDataPath(personFile));
        var sbj = IdClaims["urn:esia:sbj"]!.AsObject();
        sbj["urn:esia:sbj:lvl"] = level;
        if (isTrusted)
        {
            sbj["urn:esia:sbj:is_tru"] = true;
        }
        else
        {
            sbj.Remove("urn:esia:sbj:is_tru"); // ESIA.md §4.3: present only when true
        }
    }

    public string WriteRsaCertificate(string name, RSA key)
    {
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(Now.AddDays(-1), Now.AddYears(1));
        return _dir.Write(name, cert.ExportCertificatePem());
    }

    /// <summary>Adds scopes to what the next access token shows as granted (<c>name?oid=…</c>, ESIA.md §4.4).</summary>
    public void Grant(params string[] scopes) =>
        AccessClaims["scope"] = (string?)AccessClaims["scope"] + string.Concat(scopes.Select(s => " " + s + "?oid=1000299681"));

    public Task<EsiaSignInResult> SignInAsync() =>
        Client.CompleteSignInAsync(Region, Registration, "eyJ2ZXIiOjF9.code.sig", CancellationToken.None);

    public HttpResponseMessage TokenResponse(string state)
    {
        TestTokens.SetTimes(IdClaims, Time.UtcNow, TimeSpan.FromHours(3));
        TestTokens.SetTimes(AccessClaims, Time.UtcNow, TimeSpan.FromHours(1));
        var sign = SignToken ?? ((claims, sbt) => TestTokens.SignRs256(claims, sbt, EsiaRsaKey));
        var body = new JsonObject
        {
            ["access_token"] = sign(AccessClaims, "access"),
            ["id_token"] = sign(IdClaims, "id"),
            ["state"] = EchoState(state),
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
        };
        return StubEsiaHandler.Json(HttpStatusCode.OK, body.ToJsonString());
    }

    public void Dispose()
    {
        _services.Dispose();
        _dir.Dispose();
    }
}
