using System.Net;
using IdentityBroker.EsiaEmulator.Tests.Infrastructure;

namespace IdentityBroker.EsiaEmulator.Tests.Protocol;

public sealed class LogoutTests
{
    private EmulatorHost _host = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await EmulatorHost.StartAsync();
        _http = _host.CreateBrowser();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Test]
    public async Task Logout_WithoutClientId_Returns400()
    {
        using var response = await _http.GetAsync("/idp/ext/Logout?redirect_url=https%3A%2F%2Fbroker.test%2Fesia%2Fout");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Logout_UnknownClient_Returns403()
    {
        using var response = await _http.GetAsync("/idp/ext/Logout?client_id=NOSUCHIS");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Logout_RegisteredRedirectUrl_RedirectsThere()
    {
        using var response = await _http.GetAsync("/idp/ext/Logout?client_id=TESTIS&redirect_url=https%3A%2F%2Fbroker.test%2Fesia%2Fout");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location, Is.EqualTo(new Uri("https://broker.test/esia/out")));
    }

    [Test]
    public async Task Logout_ForeignRedirectUrl_StaysOnEsiaPage()
    {
        using var response = await _http.GetAsync("/idp/ext/Logout?client_id=TESTIS&redirect_url=https%3A%2F%2Fevil.test%2F");

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.Location, Is.Null);
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Вы вышли из Госуслуг"));
        });
    }

    [Test]
    public async Task Logout_RedirectUriParameterInsteadOfRedirectUrl_IsIgnored()
    {
        using var response = await _http.GetAsync("/idp/ext/Logout?client_id=TESTIS&redirect_uri=https%3A%2F%2Fbroker.test%2Fesia%2Fout");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.Location, Is.Null);
    }
}
