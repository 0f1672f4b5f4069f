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

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text);

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
