using System.Text;
using System.Text.Json;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Server.Interaction.Consent;
using IdentityBroker.Server.Regions;

namespace IdentityBroker.IntegrationTests.Consent;

/// <summary>A region's notification endpoint (consent webhooks, docs/webhooks.md) is validated at start-up, secret included.</summary>
public sealed class WebhookConfigurationTests
{
    private const string Secret = "region-38-webhook-secret-0123456789abcdef";
    private string _dir = null!;
    private TestCredentials _credentials = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ib-webhooks-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        _credentials = TestCredentials.WriteTo(Path.Combine(_dir, "keys"));
        File.WriteAllText(Path.Combine(_dir, "keys", "webhook.secret"), Secret + "\n");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Load_SecretFromFile_EndpointAndKeyReady()
    {
        Write(Notifications("https://dnevnik38.example/hooks", $"\"secretFile\": {Json(Path.Combine(_dir, "keys", "webhook.secret"))}"));

        var notifications = RegionCatalogLoader.Load(_dir).FindRegion("38")!.Notifications!;

        Assert.That(notifications.WebhookUrl, Is.EqualTo(new Uri("https://dnevnik38.example/hooks")));
        Assert.That(notifications.Secret, Is.EqualTo(Encoding.UTF8.GetBytes(Secret)), "trimmed file content");
        Assert.That(notifications.ToString(), Does.Not.Contain(Secret));
    }

    [Test]
    public void Load_SecretFromEnvironment_Read()
    {
        var name = "IB_TEST_WEBHOOK_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(name, Secret);
        try
        {
            Write(Notifications("https://dnevnik38.example/hooks", $"\"secretEnvironmentVariable\": \"{name}\""));

            Assert.That(RegionCatalogLoader.Load(_dir).FindRegion("38")!.Notifications!.Secret, Is.EqualTo(Encoding.UTF8.GetBytes(Secret)));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Test]
    public void Load_NoNotifications_RegionWithoutWebhooks() =>
        Assert.That(RegionCatalogLoader.Load(WriteAndReturn(Region(""))).FindRegion("38")!.Notifications, Is.Null);

    private static readonly object[] BadNotifications =
    [
        new object[] { "http to a real host", "http://dnevnik38.example/hooks", "file", "notifications.webhookUrl: 'http://dnevnik38.example/hooks' must be an absolute https URL" },
        new object[] { "relative URL", "/hooks", "file", "notifications.webhookUrl: '/hooks' must be an absolute https URL" },
        new object[] { "no secret", "https://dnevnik38.example/hooks", "none", "set exactly one of secretFile" },
        new object[] { "both secrets", "https://dnevnik38.example/hooks", "both", "set exactly one of secretFile" },
        new object[] { "missing file", "https://dnevnik38.example/hooks", "missing-file", "notifications.secretFile: cannot read" },
        new object[] { "unset variable", "https://dnevnik38.example/hooks", "unset-env", "the variable 'IB_TEST_WEBHOOK_UNSET_VARIABLE' is not set" },
        new object[] { "short secret", "https://dnevnik38.example/hooks", "short", "the webhook secret must be at least 32 characters" },
    ];

    [TestCaseSource(nameof(BadNotifications))]
    public void Load_BadNotifications_StartUpRefusedWithKeyAndFix(string name, string url, string secret, string expected)
    {
        var keys = Path.Combine(_dir, "keys");
        File.WriteAllText(Path.Combine(keys, "short.secret"), "too-short");
        var source = secret switch
        {
            "file" => $"\"secretFile\": {Json(Path.Combine(keys, "webhook.secret"))}",
            "both" => $"\"secretFile\": {Json(Path.Combine(keys, "webhook.secret"))}, \"secretEnvironmentVariable\": \"X\"",
            "missing-file" => $"\"secretFile\": {Json(Path.Combine(keys, "nope.secret"))}",
            "unset-env" => "\"secretEnvironmentVariable\": \"IB_TEST_WEBHOOK_UNSET_VARIABLE\"",
            "short" => $"\"secretFile\": {Json(Path.Combine(keys, "short.secret"))}",
            _ => "",
        };
        Write(Notifications(url, source));

        var ex = Assert.Throws<RegionConfigurationException>(() => RegionCatalogLoader.Load(_dir))!;

        Assert.That(ex.Errors, Has.Some.Contains("38.json: ").And.Some.Contains(expected), name);
        Assert.That(ex.Message, Does.Not.Contain(Secret));
    }

    [Test]
    public void Sign_IsHexHmacSha256OfTheBody()
    {
        // RFC 4231 test case 2
        Assert.That(WebhookSender.Sign(Encoding.ASCII.GetBytes("Jefe"), "what do ya want for nothing?"),
            Is.EqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
    }

    private string Notifications(string url, string secretSource) =>
        Region($", \"notifications\": {{ \"webhookUrl\": {Json(url)}{(secretSource.Length > 0 ? ", " + secretSource : "")} }}");

    private void Write(string text) => File.WriteAllText(Path.Combine(_dir, "38.json"), text);

    private string WriteAndReturn(string text)
    {
        Write(text);
        return _dir;
    }

    private static string Json(string value) => JsonSerializer.Serialize(value);

    private string Region(string extra) => $$"""
        {
          "code": "38",
          "name": "Иркутская область",
          "timeZone": "Asia/Irkutsk",
          "esia": {
            "baseUrl": "https://esia.gosuslugi.ru",
            "issuer": "http://esia.gosuslugi.ru/",
            "clientId": "DNEVNIK38",
            "redirectUri": "https://id.dnevnik38.example/signin-esia",
            "scopes": [ "openid", "fullname", "birthdate", "gender", "snils", "id_doc", "kid_fullname", "kid_birthdate", "kid_snils" ],
            "signer": { "kind": "file", "keyPath": {{Json(_credentials.GostKeyPath)}}, "certificatePath": {{Json(_credentials.GostCertificatePath)}} },
            "trustedCertificates": [ {{Json(_credentials.EsiaSigningCertificatePath)}} ]
          },
          "clients": [ { "clientId": "web-38", "type": "confidential", "secretSha256": [ "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" ],
                         "redirectUris": [ "https://dnevnik38.example/cb" ] } ]{{extra}}
        }
        """;
}
