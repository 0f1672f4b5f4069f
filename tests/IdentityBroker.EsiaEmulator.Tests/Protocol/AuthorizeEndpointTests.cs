using System.Net;
using IdentityBroker.EsiaEmulator.Tests.Infrastructure;

namespace IdentityBroker.EsiaEmulator.Tests.Protocol;

public sealed class AuthorizeEndpointTests : EmulatorFixture
{
    [Test]
    public async Task Authorize_CorrectlySignedRequest_ShowsLoginPageWithPersonas()
    {
        using var response = await Browser.AuthorizeAsync(EsiaRequests.Authorization(Host));
        var login = await Browser.Http.GetStringAsync(response.Headers.Location);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(login, Does.Contain("Вход на Госуслуги"));
            Assert.That(login, Does.Contain("Выберите тестового пользователя"));
            Assert.That(login, Does.Contain("Петров И. С. — подтверждённая, взрослый"));
        });
    }

    [Test]
    public async Task Authorize_StandardBase64Secret_Accepted()
    {
        var p = EsiaRequests.Authorization(Host);
        p["client_secret"] = Convert.ToBase64String(Host.Client.SignRaw(p["client_id"] + p["scope"] + p["timestamp"] + p["state"] + p["redirect_uri"]));

        using var response = await Browser.AuthorizeAsync(p);

        Assert.That(response.Headers.Location!.ToString(), Does.StartWith("/login?tx="));
    }

    [Test]
    public async Task Authorize_WrongSignature_RedirectsWithEsia007053()
    {
        var p = EsiaRequests.Authorization(Host);
        p["client_secret"] = Host.Client.SignBase64Url("something else");

        var error = await RedirectedErrorAsync(p);

        Assert.That(error["error_description"], Does.StartWith("ESIA-007053: "));
    }

    [Test]
    public async Task Authorize_SecretSignedByOtherCertificate_RedirectsWithEsia007053()
    {
        var p = EsiaRequests.Authorization(Host);
        p["client_secret"] = Host.OtherClient.SignBase64Url(p["client_id"] + p["scope"] + p["timestamp"] + p["state"] + p["redirect_uri"]);

        var error = await RedirectedErrorAsync(p);

        Assert.That(error["error_description"], Does.StartWith("ESIA-007053: "));
    }

    [Test]
    public async Task Authorize_HashOfAnotherCertificate_RedirectsWithEsia007002()
    {
        var p = EsiaRequests.Authorization(Host);
        p["client_certificate_hash"] = Host.OtherClient.CertificateHash;

        var error = await RedirectedErrorAsync(p);

        Assert.That(error["error_description"], Does.StartWith("ESIA-007002: "));
    }

    [Test]
    public async Task Authorize_Sha1LengthHash_RedirectsWithEsia007053()
    {
        var p = EsiaRequests.Authorization(Host);
        p["client_certificate_hash"] = new string('A', 40);

        var error = await RedirectedErrorAsync(p);

        Assert.That(error["error_description"], Does.StartWith("ESIA-007053: "));
    }

    [Test]
    public async Task Authorize_LowerCaseHash_Accepted()
    {
        var p = EsiaRequests.Authorization(Host);
        p["client_certificate_hash"] = Host.Client.CertificateHash.ToLowerInvariant();

        using var response = await Browser.AuthorizeAsync(p);

        Assert.That(response.Headers.Location!.ToString(), Does.StartWith("/login?tx="));
    }

    [Test]
    public async Task Authorize_MissingCertificateHash_RedirectsWithEsia007014NamingParameter()
    {
        var p = EsiaRequests.Authorization(Host);
        p.Remove("client_certificate_hash");

        var error = await RedirectedErrorAsync(p);

        Assert.That(error["error_description"], Is.EqualTo("ESIA-007014: The request does not contain the mandatory parameter [client_certificate_hash]."));
    }

    [Test]
    public async Task Authorize_StaleTimestamp_RedirectsWithEsia007015()
    {
        var p = EsiaRequests.Authorization(Host);
        p["timestamp"] = EsiaRequests.Timestamp(Host.Clock.GetUtcNow().AddMinutes(-6));
        EsiaRequests.Resign(Host, p);

        var error = await RedirectedErrorAsync(p);

        Assert.That(error["error_description"], Does.StartWith("ESIA-007015: "));
    }

    [Test]
    public async Task Authorize_TimestampWithColonInOffset_RedirectsWithEsia007015()
    {
        var p = EsiaRequests.Authorization(Host);
        p["timestamp"] = p["timestamp"]!.Replace("+0300", "+03:00", StringComparison.Ordinal);
        EsiaRequests.Resign(Host, p);

        var error = await RedirectedErrorAsync(p);

        Assert.That(error["error_description"], Does.StartWith("ESIA-007015: "));
    }

    [Test]
    public async Task Authorize_NonUuidState_RedirectsWithEsia007003()
    {
        var p = EsiaRequests.Authorization(Host, state: "not-a-uuid");

        var error = await RedirectedErrorAsync(p);

        Assert.Multiple(() =>
        {
            Assert.That(error["error"], Is.EqualTo("invalid_request"));
            Assert.That(error["error_description"], Does.StartWith("ESIA-007003: "));
        });
    }

    [Test]
    public async Task Authorize_MissingState_RedirectsWithEsia007014()
    {
        var p = EsiaRequests.Authorization(Host);
        p.Remove("state");

        var error = await RedirectedErrorAsync(p, expectState: false);

        Assert.That(error["error_description"], Does.StartWith("ESIA-007014: "));
    }

    [Test]
    public async Task Authorize_UnknownScope_RedirectsWithEsia007006()
    {
        var p = EsiaRequests.Authorization(Host, scope: "openid superpowers");

        var error = await RedirectedErrorAsync(p);

        Assert.That(error["error"], Is.EqualTo("invalid_scope"));
        Assert.That(error["error_description"], Does.StartWith("ESIA-007006: "));
    }

    [Test]
    public async Task Authorize_UnregisteredRedirectUri_ShowsErrorPageWithoutRedirect()
    {
        var p = EsiaRequests.Authorization(Host, redirectUri: "https://evil.test/esia/callback");

        using var response = await Browser.AuthorizeAsync(p);
        var page = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Headers.Location, Is.Null);
            Assert.That(page, Does.Contain("ESIA-007023"));
            Assert.That(page, Does.Not.Contain("evil.test"));
        });
    }

    [Test]
    public async Task Authorize_RedirectUriOfOtherClient_ShowsErrorPage()
    {
        var p = EsiaRequests.Authorization(Host, redirectUri: EmulatorHost.OtherRedirectUri);

        using var response = await Browser.AuthorizeAsync(p);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.Location, Is.Null);
    }

    [Test]
    public async Task Authorize_UnknownClient_ShowsErrorPageWithoutRedirect()
    {
        var p = EsiaRequests.Authorization(Host);
        p["client_id"] = "NOSUCHIS";

        using var response = await Browser.AuthorizeAsync(p);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Headers.Location, Is.Null);
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("ESIA-007005"));
        });
    }

    [Test]
    public async Task Authorize_ResponseTypeToken_RedirectsWithEsia007009()
    {
        var p = EsiaRequests.Authorization(Host);
        p["response_type"] = "token";

        var error = await RedirectedErrorAsync(p);

        Assert.That(error["error_description"], Does.StartWith("ESIA-007009: "));
    }

    private async Task<Dictionary<string, string>> RedirectedErrorAsync(Dictionary<string, string?> p, bool expectState = true)
    {
        using var response = await Browser.AuthorizeAsync(p);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!;
        Assert.That(location.ToString(), Does.StartWith(EmulatorHost.RedirectUri + "?"));
        var query = EsiaBrowser.Query(location);
        Assert.That(query, Does.ContainKey("error"));
        if (expectState)
        {
            Assert.That(query["state"], Is.EqualTo(p["state"]));
        }

        return query;
    }
}
