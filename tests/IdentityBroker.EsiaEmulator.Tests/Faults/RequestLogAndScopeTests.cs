using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IdentityBroker.EsiaEmulator.Tests.Infrastructure;

namespace IdentityBroker.EsiaEmulator.Tests.Faults;

/// <summary>The request log (<c>/emulator/requests</c>), faults scoped to some clients, and the rotated key's certificate URL.</summary>
public sealed class RequestLogAndScopeTests
{
    private EmulatorHost _host = null!;
    private EsiaBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await EmulatorHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [SetUp]
    public async Task NewBrowserAsync()
    {
        _browser = new EsiaBrowser(_host);
        (await _browser.Http.DeleteAsync("/emulator/requests")).Dispose();
    }

    [TearDown]
    public async Task ClearFaultsAsync()
    {
        (await _browser.Http.DeleteAsync("/emulator/faults")).Dispose();
        _browser.Dispose();
    }

    [Test]
    public async Task RequestLog_TokenPost_RecordedWithClientAndCodeDigestOnly()
    {
        var (code, _) = await _browser.GetCodeAsync();

        (await _browser.Http.PostAsync("/aas/oauth2/v3/te", new FormUrlEncodedContent(EsiaRequests.Token(_host, code)))).Dispose();
        var log = await _browser.Http.GetStringAsync("/emulator/requests");

        var entries = JsonNode.Parse(log)!.AsArray();
        var te = entries.Single(e => (string?)e!["endpoint"] == "te")!;
        Assert.That((string?)te["clientId"], Is.EqualTo(EmulatorHost.ClientId));
        Assert.That((string?)te["codeDigest"], Is.EqualTo(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code)))[..16]));
        Assert.That(log, Does.Not.Contain(code[..40]), "the code itself is not kept");
        Assert.That(entries.Count(e => (string?)e!["endpoint"] == "ac"), Is.EqualTo(1));
    }

    [Test]
    public async Task Faults_ScopedToAnotherClient_DoNotApply()
    {
        var (code, _) = await _browser.GetCodeAsync();
        await SetFaultsAsync(new { temporarilyUnavailable = true, badTokenSignature = true, clients = new[] { EmulatorHost.OtherClientId } });

        using var response = await _browser.Http.PostAsync("/aas/oauth2/v3/te", new FormUrlEncodedContent(EsiaRequests.Token(_host, code)));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(JwtParts.Parse((string)body["id_token"]!, _host.SigningCertificate).SignatureValid, Is.True);
    }

    [Test]
    public async Task Faults_ScopedToThisClient_Apply()
    {
        var (code, _) = await _browser.GetCodeAsync();
        await SetFaultsAsync(new { temporarilyUnavailable = true, clients = new[] { EmulatorHost.ClientId } });

        using var response = await _browser.Http.PostAsync("/aas/oauth2/v3/te", new FormUrlEncodedContent(EsiaRequests.Token(_host, code)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task RotatedCertificate_PublishedAtPublicUrl_VerifiesTheRotatedTokens()
    {
        await SetFaultsAsync(new { rotatedCertificate = true });

        var body = await _browser.GetTokensAsync();
        using var rotated = X509Certificate2.CreateFromPem(await _browser.Http.GetStringAsync("/public/esia-rotated.cer"));

        Assert.That(JwtParts.Parse((string)body["id_token"]!, _host.SigningCertificate).SignatureValid, Is.False);
        Assert.That(JwtParts.Parse((string)body["id_token"]!, rotated).SignatureValid, Is.True);
        Assert.That(JwtParts.Parse((string)body["access_token"]!, rotated).SignatureValid, Is.True);
    }

    private async Task SetFaultsAsync(object faults)
    {
        using var response = await _browser.Http.PostAsJsonAsync("/emulator/faults", faults, JsonSerializerOptions.Web);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }
}
