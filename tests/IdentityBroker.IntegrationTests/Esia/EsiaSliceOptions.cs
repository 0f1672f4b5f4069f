using System.Text.Json;
using IdentityBroker.Esia.Signing;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Esia;

/// <summary>
/// ESIA extras of a slice (the optional last parameter of <see cref="SliceEnvironment.StartAsync"/>): a second region
/// "55" (Omsk, confirmed accounts only) with its own ESIA client id registered at the same emulator, GOST-signed ESIA
/// tokens, the per-attempt ESIA timeout of the region files and broker settings such as
/// <c>IdentityBroker:Esia:Resilience:*</c>. Region 38 always trusts a bundle file (<see cref="TrustedBundlePath"/>) that
/// a test may append a certificate to, as an operator would during ESIA's certificate rotation.
/// </summary>
internal sealed class EsiaSliceOptions
{
    public const string Region55 = "55";
    public const string EsiaClientId55 = "DNEVNIK55";
    public const string MobileClientId55 = "diary-55-mobile";
    public const string MobileRedirect55 = "http://127.0.0.1/callback55";

    /// <summary>R-REGION-2: a public client shared by regions 38 and 55 (<c>shared-clients.json</c>), with <see cref="SharedClients"/>.</summary>
    public const string SharedClientId = "diary-shared-app";
    public const string SharedRedirect = "http://127.0.0.1/shared-callback";

    /// <summary>R-ERR-1: staff service clients with the <c>diagnostics</c> scope, one per region, with <see cref="DiagnosticsClients"/>.</summary>
    public const string DiagnosticsClientId38 = "diary-38-diagnostics";
    public const string DiagnosticsClientId55 = "diary-55-diagnostics";
    public const string DiagnosticsSecret = "diagnostics-secret-for-tests";

    /// <summary>Issue #13: diary back-end service clients with the <c>directory</c> scope, one per region, with <see cref="DirectoryClients"/>.</summary>
    public const string DirectoryClientId38 = "diary-38-backend";
    public const string DirectoryClientId55 = "diary-55-backend";
    public const string DirectorySecret = "directory-secret-for-tests";

    /// <summary>Issue #13: operations clients with the <c>admin</c> scope (the directory secret), with <see cref="DirectoryClients"/>.</summary>
    public const string AdminClientId38 = "diary-38-admin";
    public const string AdminClientId55 = "diary-55-admin";

    /// <summary>Adds region 55 (its own ESIA registration at the same emulator, adults: confirmed only).</summary>
    public bool SecondRegion { get; init; }

    /// <summary>R-REGION-3: <c>policy.passwordSignIn</c> of region 55, "forbidden" (default) or "fallback" (region 38 forbids).</summary>
    public string PasswordSignIn55 { get; init; } = "forbidden";

    /// <summary>R-REGION-2: writes <c>shared-clients.json</c> with <see cref="SharedClientId"/> (regions 38 and 55; needs <see cref="SecondRegion"/>).</summary>
    public bool SharedClients { get; init; }

    /// <summary>R-ERR-1: adds <see cref="DiagnosticsClientId38"/> to region 38 and (with <see cref="SecondRegion"/>) <see cref="DiagnosticsClientId55"/> to 55.</summary>
    public bool DiagnosticsClients { get; init; }

    /// <summary>Issue #13: adds <see cref="DirectoryClientId38"/> to region 38 and (with <see cref="SecondRegion"/>) <see cref="DirectoryClientId55"/> to 55.</summary>
    public bool DirectoryClients { get; init; }

    /// <summary>The emulator signs tokens with GOST3410_2012_256 (<c>Emulator:TokenAlgorithm</c>); the broker trusts its GOST certificate.</summary>
    public bool GostTokens { get; init; }

    /// <summary>Per-attempt timeout of ESIA calls in the region files (<c>esia.timeout</c>); default: the client's 10 s.</summary>
    public TimeSpan? EsiaTimeout { get; init; }

    /// <summary>Extra broker configuration, e.g. <c>IdentityBroker:Esia:Resilience:BreakerMinimumThroughput</c>.</summary>
    public IReadOnlyDictionary<string, string?> BrokerSettings { get; init; } = new Dictionary<string, string?>();

    /// <summary>The broker's log events (Warning and above reach it; the slice logs quietly), for operator-event assertions.</summary>
    public CapturedLog BrokerLog { get; } = new();

    /// <summary>The trusted-certificate bundle of region 38 (and 55): one PEM file, certificates appended during a rotation.</summary>
    public string TrustedBundlePath { get; private set; } = "";

    private string _gostKeyPath55 = "";
    private string _gostCertificatePath55 = "";
    private string? _gostSigningKeyPath;
    private string? _gostSigningCertificatePath;

    /// <summary>Writes the extra credentials and the bundle next to the slice's keys.</summary>
    internal void Prepare(string directory, TestCredentials credentials)
    {
        var keys = Path.Combine(directory, "keys");
        var now = DateTimeOffset.UtcNow;
        var (key55, cert55) = GostCredentialGenerator.CreateSelfSigned("IdentityBroker test IS 55", now.AddDays(-1), now.AddDays(30));
        _gostKeyPath55 = Write(keys, "esia-client-55.key.pem", key55);
        _gostCertificatePath55 = Write(keys, "esia-client-55.cert.pem", cert55);
        var trusted = File.ReadAllText(credentials.EsiaSigningCertificatePath);
        if (GostTokens)
        {
            var (signingKey, signingCert) = GostCredentialGenerator.CreateSelfSigned("ESIA emulator GOST signing", now.AddDays(-1), now.AddDays(30));
            _gostSigningKeyPath = Write(keys, "esia-signing-gost.key.pem", signingKey);
            _gostSigningCertificatePath = Write(keys, "esia-signing-gost.cert.pem", signingCert);
            trusted = signingCert;
        }

        TrustedBundlePath = Write(keys, "esia-trusted-bundle.pem", trusted.TrimEnd() + "\n");
    }

    internal Dictionary<string, string?> EmulatorSettings(string brokerUrl)
    {
        var settings = new Dictionary<string, string?>();
        if (GostTokens)
        {
            settings["Emulator:TokenAlgorithm"] = "GOST3410_2012_256";
            settings["Emulator:SigningKeyPath"] = _gostSigningKeyPath;
            settings["Emulator:SigningCertificatePath"] = _gostSigningCertificatePath;
        }

        if (SecondRegion)
        {
            settings["Emulator:Clients:1:ClientId"] = EsiaClientId55;
            settings["Emulator:Clients:1:CertificatePath"] = _gostCertificatePath55;
            settings["Emulator:Clients:1:RedirectUris:0"] = brokerUrl + "/";
            settings["Emulator:Clients:1:SystemName"] = "Электронный дневник — Омская область";
        }

        return settings;
    }

    /// <summary>Extra properties of the <c>esia</c> object of a region file (leading comma).</summary>
    internal string RegionEsiaExtras => EsiaTimeout is { } t ? $", \"timeout\": \"{t:c}\"" : "";

    /// <summary>Extra clients of region 38's file (leading comma), e.g. the diagnostics service client.</summary>
    internal string Region38ExtraClients =>
        (DiagnosticsClients ? "," + DiagnosticsClient(DiagnosticsClientId38) : "") +
        (DirectoryClients ? "," + DirectoryClient(DirectoryClientId38) + "," + DirectoryClient(AdminClientId38, "admin") : "");

    private static string DirectoryClient(string clientId, string scope = "directory") => $$"""
        {
          "clientId": "{{clientId}}",
          "displayName": "Электронный дневник (сервер)",
          "type": "confidential",
          "grantTypes": [ "client_credentials" ],
          "secretSha256": [ "{{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(DirectorySecret)))}}" ],
          "allowedScopes": [ "openid", "{{scope}}" ]
        }
        """;

    private static string DiagnosticsClient(string clientId) => $$"""
        {
          "clientId": "{{clientId}}",
          "displayName": "Диагностика входа (школы)",
          "type": "confidential",
          "grantTypes": [ "client_credentials" ],
          "secretSha256": [ "{{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(DiagnosticsSecret)))}}" ],
          "allowedScopes": [ "openid", "diagnostics" ]
        }
        """;

    internal async Task WriteRegionFilesAsync(string regionsDirectory, string emulatorUrl, string brokerUrl)
    {
        if (SharedClients)
        {
            await File.WriteAllTextAsync(Path.Combine(regionsDirectory, "shared-clients.json"), $$"""
                {
                  // R-REGION-2: the mobile app, shared by regions 38 and 55
                  "clients": [
                    {
                      "clientId": "{{SharedClientId}}",
                      "displayName": "Мобильный дневник",
                      "type": "public",
                      "regions": [ "38", "55" ],
                      "redirectUris": [ "{{SharedRedirect}}" ],
                      "allowedScopes": [ "openid", "profile", "diary", "offline_access" ]
                    }
                  ]
                }
                """);
        }

        if (!SecondRegion)
        {
            return;
        }

        var file = $$"""
            {
              "code": "55",
              "name": "Омская область",
              "timeZone": "Asia/Omsk",
              "policy": { "adultLevels": [ "confirmed" ], "passwordSignIn": "{{PasswordSignIn55}}" },
              "esia": {
                "baseUrl": {{Json(emulatorUrl)}},
                "issuer": {{Json(emulatorUrl + "/")}},
                "clientId": "{{EsiaClientId55}}",
                "redirectUri": {{Json(brokerUrl + "/signin-esia")}},
                "scopes": [ "openid", "fullname", "birthdate", "gender", "snils", "id_doc", "kid_fullname", "kid_birthdate", "kid_snils" ],
                "signer": { "kind": "file", "keyPath": {{Json(_gostKeyPath55)}}, "certificatePath": {{Json(_gostCertificatePath55)}} },
                "trustedCertificates": [ {{Json(TrustedBundlePath)}} ]{{RegionEsiaExtras}}
              },
              "clients": [
                {
                  "clientId": "{{MobileClientId55}}",
                  "type": "public",
                  "redirectUris": [ "{{MobileRedirect55}}" ],
                  "allowedScopes": [ "openid", "profile", "diary" ]
                }{{(DiagnosticsClients ? "," + DiagnosticsClient(DiagnosticsClientId55) : "")}}{{(DirectoryClients ? "," + DirectoryClient(DirectoryClientId55) + "," + DirectoryClient(AdminClientId55, "admin") : "")}}
              ]
            }
            """;
        await File.WriteAllTextAsync(Path.Combine(regionsDirectory, "55.json"), file);
    }

    private static string Write(string directory, string name, string content)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Json(string value) => JsonSerializer.Serialize(value);
}
