using System.Net;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityBroker.IntegrationTests.Hosting;

/// <summary>
/// Health, metrics and the staff API answer only on the management port (Hosting/ManagementEndpoints.cs), which the
/// Ingress never exposes; the public port answers 404 for them, whatever Host header the caller sends, and the management
/// port serves nothing public.
/// </summary>
[CancelAfter(120_000)]
public sealed class ManagementPortTests
{
    private SliceEnvironment _slice = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _slice = await SliceEnvironment.StartAsync();
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _slice.DisposeAsync();
    }

    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    [TestCase("/metrics")]
    public async Task ManagementPort_HealthAndMetrics_Answer200(string path)
    {
        using var response = await _http.GetAsync(_slice.ManagementUrl + path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
    }

    [TestCase("GET", "/health/live")]
    [TestCase("GET", "/health/ready")]
    [TestCase("GET", "/metrics")]
    [TestCase("POST", "/admin/diagnostics/attempts")]
    public async Task PublicPort_ManagementEndpoints_404(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), _slice.BrokerUrl + path) { Content = method == "POST" ? new StringContent("{}") : null };
        using var response = await _http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"{method} {path} must not exist on the public port");
    }

    [Test]
    public async Task PublicPort_HostHeaderNamingTheManagementPort_Still404()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _slice.BrokerUrl + "/health/ready");
        request.Headers.Host = new Uri(_slice.ManagementUrl).Authority; // the separation is by the connection's port, not by Host

        using var response = await _http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("/.well-known/openid-configuration")]
    [TestCase("/")]
    public async Task ManagementPort_PublicEndpoints_404_PublicPort_200(string path)
    {
        using var onManagement = await _http.GetAsync(_slice.ManagementUrl + path);
        using var onPublic = await _http.GetAsync(_slice.BrokerUrl + path);

        Assert.That(onManagement.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(onPublic.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Metrics_PrometheusText_CarriesBrokerAndAspNetCoreInstruments()
    {
        using (await _http.GetAsync(_slice.BrokerUrl + "/.well-known/openid-configuration"))
        {
        }

        var text = await _http.GetStringAsync(_slice.ManagementUrl + "/metrics");

        Assert.That(text, Does.Contain("http_server_request_duration_seconds"), "ASP.NET Core instrumentation");
        Assert.That(text, Does.Contain("# TYPE"), "Prometheus exposition format");
    }

    [TestCase("abc")]
    [TestCase("0")]
    [TestCase("70000")]
    public void AddListener_PortNotANumber_RefusedNamingKeyAndFix(string value)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [ManagementEndpoints.PortKey] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => ManagementEndpoints.AddListener(builder));

        Assert.That(ex!.Message, Does.Contain("IdentityBroker:ManagementPort must be a TCP port number").And.Contain("Fix:"));
    }

    [Test]
    public void AddListener_SameAsPublicPort_RefusedNamingKeyAndFix()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:18080");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [ManagementEndpoints.PortKey] = "18080" });

        var ex = Assert.Throws<OptionsValidationException>(() => ManagementEndpoints.AddListener(builder));

        Assert.That(ex!.Message, Does.Contain("IdentityBroker:ManagementPort (18080) is also the public port").And.Contain("Fix:"));
    }
}
