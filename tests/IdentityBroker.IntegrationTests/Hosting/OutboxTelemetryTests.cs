using System.Text.RegularExpressions;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.IntegrationTests.Logout;
using IdentityBroker.Server.Telemetry;
using IdentityBroker.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IdentityBroker.IntegrationTests.Hosting;

/// <summary>
/// The outbox signals operators alert on (docs/operations.md "Alerts"): with the diary's back-channel logout receiver
/// down, a logout's delivery attempts fail and are counted, and the backlog gauge shows the pending message; once the
/// receiver is back and the message delivered, the backlog reads 0 again (the series stays, so it can be alerted on).
/// Read as Prometheus scrapes them, from /metrics on the management port.
/// </summary>
[CancelAfter(120_000)]
public sealed partial class OutboxTelemetryTests
{
    private SliceEnvironment _slice = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _slice = await SliceEnvironment.StartAsync(brokerSettings: new Dictionary<string, string?>
    {
        ["IdentityBroker:Logout:BackChannelPollInterval"] = "00:00:00.200",
    });

    [OneTimeTearDown]
    public async Task StopAsync() => await _slice.DisposeAsync();

    [Test]
    public async Task ReceiverDown_FailuresCountedAndBacklogPending_ThenDeliveredBacklogZero()
    {
        using var browser = new BrowserClient();
        var idToken = await LogoutSteps.SignInAsync(browser, OidcTestClient.Confidential(_slice));
        _slice.LogoutReceiver.IsDown = true;
        await browser.GetAsync(LogoutSteps.EndSessionUrl(_slice.BrokerUrl, new Dictionary<string, string?> { ["id_token_hint"] = idToken }));
        var probe = _slice.BrokerServices.GetServices<IHostedService>().OfType<OutboxBacklogProbe>().Single();

        // attempts fail (503) and are rescheduled
        var down = string.Empty;
        await Eventually.TrueAsync(async () =>
        {
            await probe.RefreshAsync(CancellationToken.None);
            down = await ScrapeAsync();
            return Series(down, "identity_broker_outbox_delivery_failures_total", "gave_up=\"false\"", "kind=\"backchannel_logout\"").Any();
        }, TimeSpan.FromSeconds(30));

        Assert.That(Value(down, "identity_broker_outbox_delivery_failures_total", "gave_up=\"false\"", "kind=\"backchannel_logout\""), Is.GreaterThanOrEqualTo(1));
        Assert.That(Value(down, "identity_broker_outbox_backlog", "kind=\"backchannel_logout\"", "state=\"pending\""), Is.EqualTo(1));

        _slice.LogoutReceiver.IsDown = false;
        await _slice.LogoutReceiver.WaitForAsync(1, TimeSpan.FromSeconds(30));
        var up = string.Empty;
        await Eventually.TrueAsync(async () => // the delivered mark follows the answer
        {
            await probe.RefreshAsync(CancellationToken.None);
            up = await ScrapeAsync();
            return Value(up, "identity_broker_outbox_backlog", "kind=\"backchannel_logout\"", "state=\"pending\"") == 0;
        }, TimeSpan.FromSeconds(30));

        Assert.That(Value(up, "identity_broker_outbox_backlog", "kind=\"backchannel_logout\"", "state=\"pending\""), Is.Zero);
        Assert.That(Value(up, "identity_broker_outbox_backlog", "kind=\"webhook\"", "state=\"dead\""), Is.Zero, "every kind and state is reported");
    }

    private async Task<string> ScrapeAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(1)); // past the exporter's scrape cache
        using var http = new HttpClient();
        return await http.GetStringAsync(_slice.ManagementUrl + "/metrics");
    }

    /// <summary>The value of the series of <paramref name="metric"/> whose labels include all of <paramref name="labels"/>.</summary>
    private static double Value(string scrape, string metric, params string[] labels)
    {
        var lines = Series(scrape, metric, labels).ToList();
        Assert.That(lines, Has.Count.EqualTo(1), $"one series {metric} with {string.Join(", ", labels)} in:\n" + string.Join('\n', scrape.Split('\n').Where(l => l.StartsWith(metric, StringComparison.Ordinal))));
        return double.Parse(SampleValue().Match(lines[0]).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static IEnumerable<string> Series(string scrape, string metric, params string[] labels) =>
        scrape.Split('\n').Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(l.Contains));

    [GeneratedRegex(@"\}\s+([0-9.eE+-]+)")]
    private static partial Regex SampleValue();
}
