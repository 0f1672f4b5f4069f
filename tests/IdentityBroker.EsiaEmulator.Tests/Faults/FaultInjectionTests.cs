using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IdentityBroker.EsiaEmulator.Tests.Infrastructure;

namespace IdentityBroker.EsiaEmulator.Tests.Faults;

public sealed class FaultInjectionTests
{
    private EmulatorHost _host = null!;
    private EsiaBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await EmulatorHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [SetUp]
    public void NewBrowser() => _browser = new EsiaBrowser(_host);

    [TearDown]
    public async Task ClearFaultsAsync()
    {
        using var response = await _browser.Http.DeleteAsync("/emulator/faults");
        _browser.Dispose();
    }

    [Test]
    public async Task Latency_OnTokenEndpoint_DelaysResponse()
    {
        var (code, _) = await _browser.GetCodeAsync();
        await SetFaultsAsync(new { latencyMs = new Dictionary<string, int> { ["te"] = 700 } });
        var watch = Stopwatch.StartNew();

        using var response = await _browser.Http.PostAsync("/aas/oauth2/v3/te", new FormUrlEncodedContent(EsiaRequests.Token(_host, code)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(watch.ElapsedMilliseconds, Is.GreaterThanOrEqualTo(650));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Timeout_OnPersonEndpoint_HangsUntilClientGivesUp()
    {
        await SetFaultsAsync(new { timeout = new[] { "prns" } });
        using var impatient = _host.CreateBrowser(TimeSpan.FromMilliseconds(500));

        Assert.That(async () => await impatient.GetAsync("/rs/prns/1000000001"), Throws.InstanceOf<TaskCanceledException>());
    }

    [Test]
    public async Task ServerError_OnAuthorize_Returns500()
    {
        await SetFaultsAsync(new { serverError = new[] { "ac" } });

        using var response = await _browser.AuthorizeAsync(EsiaRequests.Authorization(_host));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
    }

    [Test]
    public async Task TemporarilyUnavailable_OnTokenEndpoint_ReturnsEsia007008AndKeepsCode()
    {
        var (code, _) = await _browser.GetCodeAsync();
        await SetFaultsAsync(new { temporarilyUnavailable = true });

        using var response = await _browser.Http.PostAsync("/aas/oauth2/v3/te", new FormUrlEncodedContent(EsiaRequests.Token(_host, code)));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        await _browser.Http.DeleteAsync("/emulator/faults");
        using var retry = await _browser.Http.PostAsync("/aas/oauth2/v3/te", new FormUrlEncodedContent(EsiaRequests.Token(_host, code)));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That((string?)body["error"], Is.EqualTo("temporarily_unavailable"));
            Assert.That((string?)body["error_description"], Does.StartWith("ESIA-007008: "));
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task BadTokenSignature_Enabled_TokensFailVerification()
    {
        await SetFaultsAsync(new { badTokenSignature = true });

        var body = await _browser.GetTokensAsync();

        Assert.Multiple(() =>
        {
            Assert.That(JwtParts.Parse((string)body["id_token"]!, _host.SigningCertificate).SignatureValid, Is.False);
            Assert.That(JwtParts.Parse((string)body["access_token"]!, _host.SigningCertificate).SignatureValid, Is.False);
        });
    }

    [Test]
    public async Task RotatedCertificate_Enabled_TokensSignedByUntrustedKey()
    {
        await SetFaultsAsync(new { rotatedCertificate = true });

        var body = await _browser.GetTokensAsync();
        var idToken = JwtParts.Parse((string)body["id_token"]!, _host.SigningCertificate);
        var trusted = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(_host.SigningCertificate.RawData));

        Assert.Multiple(() =>
        {
            Assert.That(idToken.SignatureValid, Is.False);
            Assert.That((string?)idToken.Header["x5t#St256"], Is.Not.EqualTo(trusted));
        });
    }

    [Test]
    public async Task NoFaults_AfterDelete_TokensVerifyAndCarryTrustedThumbprint()
    {
        await SetFaultsAsync(new { rotatedCertificate = true, badTokenSignature = true });
        using var cleared = await _browser.Http.DeleteAsync("/emulator/faults");

        var body = await _browser.GetTokensAsync();
        var idToken = JwtParts.Parse((string)body["id_token"]!, _host.SigningCertificate);

        Assert.Multiple(() =>
        {
            Assert.That(cleared.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(idToken.SignatureValid, Is.True);
            Assert.That((string?)idToken.Header["x5t#St256"],
                Is.EqualTo(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(_host.SigningCertificate.RawData))));
        });
    }

    [Test]
    public async Task SetFaults_UnknownEndpoint_Returns400()
    {
        using var response = await _browser.Http.PostAsJsonAsync("/emulator/faults", new { serverError = new[] { "userinfo" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task GetFaults_AfterSet_ReturnsCurrentFaults()
    {
        await SetFaultsAsync(new { serverError = new[] { "logout" } });

        var current = JsonNode.Parse(await _browser.Http.GetStringAsync("/emulator/faults"))!;

        Assert.That(current["serverError"]!.AsArray().Select(n => (string?)n), Is.EqualTo(new[] { "logout" }));
    }

    private async Task SetFaultsAsync(object faults)
    {
        using var response = await _browser.Http.PostAsJsonAsync("/emulator/faults", faults);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }
}
