using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using IdentityBroker.EsiaEmulator.Tests.Infrastructure;

namespace IdentityBroker.EsiaEmulator.Tests.Tokens;

/// <summary><c>Emulator:TokenAlgorithm = GOST3410_2012_256</c>: tokens signed with the configured GOST key (ESIA.md §4.1).</summary>
public sealed class GostTokenTests
{
    private EmulatorHost _host = null!;
    private GostTestKey _signing = null!;
    private string _directory = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _signing = GostTestKey.Create("ESIA GOST signing");
        _directory = Directory.CreateTempSubdirectory("esia-gost-signing-").FullName;
        File.WriteAllText(Path.Combine(_directory, "gost.key"), _signing.PrivateKeyPem);
        File.WriteAllText(Path.Combine(_directory, "gost.cer"), _signing.CertificatePem);
        _host = await EmulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:TokenAlgorithm"] = "GOST3410_2012_256",
            ["Emulator:SigningKeyPath"] = Path.Combine(_directory, "gost.key"),
            ["Emulator:SigningCertificatePath"] = Path.Combine(_directory, "gost.cer"),
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Tokens_GostAlgorithm_SignedRawSrWithTheConfiguredKey()
    {
        using var browser = new EsiaBrowser(_host);

        var body = await browser.GetTokensAsync();

        foreach (var name in new[] { "id_token", "access_token" })
        {
            var parts = ((string)body[name]!).Split('.');
            var header = JsonNode.Parse(JwtParts.FromBase64Url(parts[0]))!;
            var signature = JwtParts.FromBase64Url(parts[2]);
            Assert.That((string?)header["alg"], Is.EqualTo("GOST3410_2012_256"));
            Assert.That(signature, Has.Length.EqualTo(64));
            Assert.That(_signing.Verify(parts[0] + "." + parts[1], signature), Is.True, name + " verifies with the GOST certificate");
        }
    }

    [Test]
    public async Task PersonEndpoint_GostAccessToken_IsAccepted()
    {
        using var browser = new EsiaBrowser(_host);
        var body = await browser.GetTokensAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/rs/prns/1000000001");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (string)body["access_token"]!);

        using var response = await browser.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task PublicCertificate_GostMode_IsTheGostCertificate()
    {
        using var browser = new EsiaBrowser(_host);

        var pem = await browser.Http.GetStringAsync("/public/esia.cer");

        Assert.That(pem.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal), Does.Contain(Convert.ToBase64String(_signing.CertificateDer)));
    }

    [Test]
    public void Startup_UnknownAlgorithm_NamesTheKey()
    {
        Assert.That(async () => await EmulatorHost.StartAsync(new Dictionary<string, string?> { ["Emulator:TokenAlgorithm"] = "HS256" }),
            Throws.InstanceOf<Microsoft.Extensions.Options.OptionsValidationException>().With.Message.Contains("Emulator:TokenAlgorithm"));
    }
}
