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

    /// <summary>Issue #10 item 7: ESIA refusing an unconfirmed account (ESIA-007055) at the redirect back.</summary>
    [TestCase("ESIA-007055", "invalid_request")]
    [TestCase("ESIA-007046", "authorization2faNotAvailable")]
    [TestCase("ESIA-008010", "invalid_client")]
    public async Task CallbackError_ValidAuthorizeRequest_RedirectsBackWithThatCode(string code, string error)
    {
        await SetFaultsAsync(new { callbackError = code });
        var parameters = EsiaRequests.Authorization(_host, state: "0b8f7a3e-9c1d-4e6f-8a2b-3c4d5e6f7a8b");

        using var response = await _browser.AuthorizeAsync(parameters);
        var query = EsiaBrowser.Query(response.Headers.Location!);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found));
            Assert.That(response.Headers.Location!.GetLeftPart(UriPartial.Path), Is.EqualTo(EmulatorHost.RedirectUri));
            Assert.That(query["error"], Is.EqualTo(error));
            Assert.That(query["error_description"], Does.StartWith(code + ": "));
            Assert.That(query["state"], Is.EqualTo("0b8f7a3e-9c1d-4e6f-8a2b-3c4d5e6f7a8b"));
        });
    }

    [Test]
    public async Task SetFaults_UnknownCallbackErrorCode_Returns400()
    {
        using var response = await _browser.Http.PostAsJsonAsync("/emulator/faults", new { callbackError = "ESIA-999999" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    /// <summary>Issue #10 item 7: ESIA's 403 for a collection whose scope was granted (the kids of a parent).</summary>
    [Test]
    public async Task ForbiddenCollections_Kids_403ForTheCollectionAndItsEmbedOnly()
    {
        var body = await _browser.GetTokensAsync("parent-two-kids", "openid fullname kid_fullname kid_birthdate");
        var token = (string)body["access_token"]!;
        Assert.That(await PersonStatusAsync("/rs/prns/1000000010/kids?embed=(elements)", token), Is.EqualTo(HttpStatusCode.OK), "without the fault");
        await SetFaultsAsync(new { forbiddenCollections = new[] { "kids" } });

        var statuses = (
            await PersonStatusAsync("/rs/prns/1000000010/kids?embed=(elements)", token),
            await PersonStatusAsync("/rs/prns/1000000010?embed=(kids.elements)", token),
            await PersonStatusAsync("/rs/prns/1000000010", token));

        Assert.That(statuses, Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK)), "(collection, embed, bare person)");
    }

    [Test]
    public async Task SetFaults_UnknownForbiddenCollection_Returns400()
    {
        using var response = await _browser.Http.PostAsJsonAsync("/emulator/faults", new { forbiddenCollections = new[] { "vhls" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    /// <summary>Issue #10 item 7: a scope the person did not grant is missing from the token's scope claim.</summary>
    [Test]
    public async Task WithheldScopes_LeftOutOfTheAccessTokenScope()
    {
        await SetFaultsAsync(new { withheldScopes = new[] { "kid_fullname", "kid_birthdate" } });

        var body = await _browser.GetTokensAsync("parent-two-kids", "openid fullname kid_fullname kid_birthdate");
        var scope = (string?)JwtParts.Parse((string)body["access_token"]!, _host.SigningCertificate).Payload["scope"];

        Assert.That(scope, Is.EqualTo("openid fullname?oid=1000000010"));
        Assert.That(await PersonStatusAsync("/rs/prns/1000000010/kids?embed=(elements)", (string)body["access_token"]!), Is.EqualTo(HttpStatusCode.Forbidden));
    }

    private async Task<HttpStatusCode> PersonStatusAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await _browser.Http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task SetFaultsAsync(object faults)
    {
        using var response = await _browser.Http.PostAsJsonAsync("/emulator/faults", faults);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }
}
