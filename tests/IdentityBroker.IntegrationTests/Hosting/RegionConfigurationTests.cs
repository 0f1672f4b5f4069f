using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Server.Regions;

namespace IdentityBroker.IntegrationTests.Hosting;

/// <summary>R-REGION-1/4: regions are declarative files, validated at start-up with errors that name the file, the key and the fix.</summary>
public sealed class RegionConfigurationTests
{
    private string _dir = null!;
    private TestCredentials _credentials = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ib-regions-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        _credentials = TestCredentials.WriteTo(Path.Combine(_dir, "keys"));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Load_Rregion4_ValidFile_GivesRegionPolicyAndClients()
    {
        Write("38.json", Region());

        var catalog = RegionCatalogLoader.Load(_dir);

        var region = catalog.FindRegion("38")!;
        Assert.That(region.Region.Name, Is.EqualTo("Иркутская область"));
        Assert.That(region.Region.Policy.AdultLevels, Has.Count.EqualTo(2));
        Assert.That(catalog.FindClient("web-38")!.RegionCode, Is.EqualTo("38"), "R-REGION-2: the client fixes the region");
        Assert.That(catalog.FindClient("web-38")!.HasRedirectUri("https://dnevnik38.example/cb"));
        Assert.That(catalog.FindClient("web-38")!.HasRedirectUri("https://dnevnik38.example/cb/"), Is.False, "exact match only");
    }

    private static readonly object[] BadFiles =
    [
        new object[] { "code", "\"code\": \"38\"", "\"code\": \"Irkutsk\"", "38.json: code must be the two-digit subject code" },
        new object[] { "time zone", "\"timeZone\": \"Asia/Irkutsk\"", "\"timeZone\": \"Mars/Olympus\"", "timeZone 'Mars/Olympus' is not a known IANA time zone" },
        new object[] { "level", "\"standard\", \"confirmed\"", "\"simplified\"", "policy.adultLevels: 'simplified' is not accepted" },
        new object[] { "password mode", "\"passwordSignIn\": \"forbidden\"", "\"passwordSignIn\": \"sometimes\"", "policy.passwordSignIn must be \"forbidden\" or \"fallback\"" },
        new object[] { "wildcard redirect", "https://dnevnik38.example/cb", "https://*.dnevnik38.example/cb", "without fragment or wildcard" },
        new object[] { "secret hash", "\"secretSha256\": [ \"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\" ]", "\"secretSha256\": [ \"not-base64!\" ]", "secretSha256: 'not-base64!' is not a base64 SHA-256; produce it with: IdentityBroker.Server hash-secret" },
        new object[] { "unknown key", "\"name\": \"Иркутская область\"", "\"name\": \"Иркутская область\", \"nmae\": \"x\"", "38.json: not a valid region file" },
        new object[] { "esia client id", "\"clientId\": \"DNEVNIK38\"", "\"clientId\": \"\"", "38.json: esia:" },
        new object[] { "scope", "\"allowedScopes\": [ \"openid\", \"profile\", \"diary\" ]", "\"allowedScopes\": [ \"openid\", \"email\" ]", "unknown scope 'email'" },
    ];

    [TestCaseSource(nameof(BadFiles))]
    public void Load_Rregion4_InvalidFile_ErrorNamesFileKeyAndFix(string what, string from, string to, string expected)
    {
        var text = Region();
        Assert.That(text, Does.Contain(from), "test setup: " + what);
        Write("38.json", text.Replace(from, to, StringComparison.Ordinal));

        var ex = Assert.Throws<RegionConfigurationException>(() => RegionCatalogLoader.Load(_dir));

        Assert.That(ex!.Message, Does.Contain(expected), what);
    }

    [Test]
    public void Load_SameClientIdInTwoRegions_Refused()
    {
        Write("38.json", Region());
        Write("55.json", Region().Replace("\"38\"", "\"55\"", StringComparison.Ordinal).Replace("Иркутская", "Омская", StringComparison.Ordinal));

        var ex = Assert.Throws<RegionConfigurationException>(() => RegionCatalogLoader.Load(_dir));

        Assert.That(ex!.Message, Does.Contain("Client id 'web-38' is used in regions 38, 55"));
    }

    [Test]
    public void Load_EmptyOrMissingFolder_Refused()
    {
        Assert.That(() => RegionCatalogLoader.Load(Path.Combine(_dir, "nope")), Throws.TypeOf<RegionConfigurationException>().With.Message.Contains("does not exist"));
        Assert.That(() => RegionCatalogLoader.Load(Path.Combine(_dir, "keys")), Throws.TypeOf<RegionConfigurationException>().With.Message.Contains("no region files"));
    }

    [Test]
    public void Load_MissingSigningKeyFile_ErrorNamesTheFile()
    {
        File.Delete(_credentials.GostKeyPath);
        Write("38.json", Region());

        var ex = Assert.Throws<RegionConfigurationException>(() => RegionCatalogLoader.Load(_dir));

        Assert.That(ex!.Message, Does.Contain("esia-client.key.pem"));
    }

    [Test]
    public void Load_Rregion2_SharedClients_ServeTheirRegions_StoredAsSharedRegion()
    {
        Write("38.json", Region());
        Write("55.json", Region55());
        Write("shared-clients.json", Shared("""
            { "clientId": "mobile", "type": "public", "redirectUris": [ "ru.dnevnik.app:/cb" ], "allowedScopes": [ "openid", "diary" ] },
            { "clientId": "site-38", "type": "public", "regions": [ "38" ], "redirectUris": [ "https://dnevnik.example/cb" ] }
            """));

        var catalog = RegionCatalogLoader.Load(_dir);

        var mobile = catalog.FindClient("mobile")!;
        Assert.That(mobile.IsShared);
        Assert.That(mobile.RegionCode, Is.EqualTo(RegisteredClient.SharedRegion), "stored as \"*\" in client_registrations.region_code");
        Assert.That(mobile.SharedRegionCodes, Is.EqualTo(new[] { "38", "55" }), "no regions key: every region");
        Assert.That(mobile.AllowsRegion("55") && !mobile.AllowsRegion("77") && !mobile.AllowsRegion(RegisteredClient.SharedRegion));
        Assert.That(catalog.FindClient("site-38")!.SharedRegionCodes, Is.EqualTo(new[] { "38" }));
        Assert.That(catalog.Regions.SelectMany(r => r.Clients).Select(c => c.ClientId), Has.No.Member("mobile"), "not a client of any one region");
        Assert.That(catalog.FindClient("web-38")!.IsShared, Is.False);
        Assert.That(catalog.FindClient("web-38")!.AllowsRegion("55"), Is.False, "R-REGION-2: a region's own client stays in its region");
    }

    [Test]
    public void Load_Rregion2_DemoSharedClientsFile_IsValid()
    {
        Write("38.json", Region());
        File.Copy(Path.Combine(RepositoryRoot.Path, "deploy", "dev", "shared-clients.json"), Path.Combine(_dir, "shared-clients.json"));

        var client = RegionCatalogLoader.Load(_dir).FindClient("diary-mobile-demo");

        Assert.That(client, Is.Not.Null);
        Assert.That(client!.IsShared && client.RequirePkce, "scripts/run.sh's shared client: public, PKCE");
        Assert.That(client.SharedRegionCodes, Is.EqualTo(new[] { "38" }));
    }

    [Test]
    public void Load_Rregion2_NoSharedClientsFile_NoSharedClients()
    {
        Write("38.json", Region());

        Assert.That(RegionCatalogLoader.Load(_dir).SharedClients, Is.Empty);
    }

    private static readonly object[] BadSharedFiles =
    [
        new object[] { "unknown region", """{ "clientId": "m", "type": "public", "regions": [ "77" ], "redirectUris": [ "ru.app:/cb" ] }""", "shared-clients.json: clients[0].regions: '77' is not a configured region (configured: 38, 55)" },
        new object[] { "empty regions", """{ "clientId": "m", "type": "public", "regions": [ ], "redirectUris": [ "ru.app:/cb" ] }""", "shared-clients.json: clients[0].regions is empty" },
        new object[] { "repeated region", """{ "clientId": "m", "type": "public", "regions": [ "38", "38" ], "redirectUris": [ "ru.app:/cb" ] }""", "clients[0].regions: '38' is listed twice" },
        new object[] { "client_credentials", """{ "clientId": "m", "type": "confidential", "grantTypes": [ "client_credentials" ], "secretSha256": [ "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" ] }""", "clients[0].grantTypes: a shared client cannot use client_credentials" },
        new object[] { "client rules apply", """{ "clientId": "m", "type": "public", "redirectUris": [ "https://*.example/cb" ] }""", "shared-clients.json: clients[0]: 'https://*.example/cb' is not allowed" },
        new object[] { "unknown key", """{ "clientId": "m", "type": "public", "region": [ "38" ], "redirectUris": [ "ru.app:/cb" ] }""", "shared-clients.json: not a valid shared-clients file" },
        new object[] { "id of a region's client", """{ "clientId": "web-38", "type": "public", "redirectUris": [ "ru.app:/cb" ] }""", "Client id 'web-38' is used in regions 38, shared-clients.json" },
    ];

    [TestCaseSource(nameof(BadSharedFiles))]
    public void Load_Rregion2_InvalidSharedClient_ErrorNamesFileKeyAndFix(string what, string client, string expected)
    {
        Write("38.json", Region());
        Write("55.json", Region55());
        Write("shared-clients.json", Shared(client));

        var ex = Assert.Throws<RegionConfigurationException>(() => RegionCatalogLoader.Load(_dir));

        Assert.That(ex!.Message, Does.Contain(expected), what);
    }

    [Test]
    public void Load_Rerr1_DiagnosticsScope_OnlyForAConfidentialClientCredentialsClient()
    {
        var service = """{ "clientId": "staff-38", "type": "confidential", "grantTypes": [ "client_credentials" ], "secretSha256": [ "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" ], "allowedScopes": [ "openid", "diagnostics" ] }""";
        Write("38.json", Region().Replace("\"clients\": [", "\"clients\": [ " + service + ",", StringComparison.Ordinal));
        Assert.That(RegionCatalogLoader.Load(_dir).FindClient("staff-38")!.AllowedScopes, Does.Contain("diagnostics"));

        Write("38.json", Region().Replace("\"allowedScopes\": [ \"openid\", \"profile\", \"diary\" ]", "\"allowedScopes\": [ \"openid\", \"diagnostics\" ]", StringComparison.Ordinal));
        var ex = Assert.Throws<RegionConfigurationException>(() => RegionCatalogLoader.Load(_dir));
        Assert.That(ex!.Message, Does.Contain("38.json: clients[0].allowedScopes: \"diagnostics\" is for a staff service client only"));
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text);

    private string Region55() => Region()
        .Replace("\"code\": \"38\"", "\"code\": \"55\"", StringComparison.Ordinal)
        .Replace("Иркутская", "Омская", StringComparison.Ordinal)
        .Replace("web-38", "web-55", StringComparison.Ordinal);

    private static string Shared(string clients) => "{ // R-REGION-2\n  \"clients\": [ " + clients + " ]\n}";

    private string Region() => $$"""
        {
          "code": "38",
          "name": "Иркутская область",
          "timeZone": "Asia/Irkutsk",
          "policy": { "adultLevels": [ "standard", "confirmed" ], "passwordSignIn": "forbidden" },
          "esia": {
            "baseUrl": "https://esia.gosuslugi.ru",
            "issuer": "http://esia.gosuslugi.ru/",
            "clientId": "DNEVNIK38",
            "redirectUri": "https://id.dnevnik38.example/signin-esia",
            "signer": { "kind": "file", "keyPath": {{System.Text.Json.JsonSerializer.Serialize(_credentials.GostKeyPath)}}, "certificatePath": {{System.Text.Json.JsonSerializer.Serialize(_credentials.GostCertificatePath)}} },
            "trustedCertificates": [ {{System.Text.Json.JsonSerializer.Serialize(_credentials.EsiaSigningCertificatePath)}} ]
          },
          "clients": [
            {
              "clientId": "web-38",
              "type": "confidential",
              "secretSha256": [ "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" ],
              "redirectUris": [ "https://dnevnik38.example/cb" ],
              "allowedScopes": [ "openid", "profile", "diary" ]
            }
          ]
        }
        """;
}
