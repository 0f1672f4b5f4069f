using System.Diagnostics;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace IdentityBroker.IntegrationTests.Hosting;

/// <summary>
/// No personal data in telemetry: a real sign-in of Петров И. С. (confirmed-adult) through the ESIA emulator, the code
/// redeemed and the refresh token used, with every span and metric exported to the in-memory exporter. Every exported
/// span name, attribute, event and metric tag is searched for the persona's ESIA oid, SNILS, names, birth date, contacts
/// and for the authorization code and tokens. The test also proves the spans it searched are the ones that would carry
/// them (the ESIA person call with its URL, the sign-in steps), so it cannot pass by exporting nothing.
/// </summary>
[CancelAfter(180_000)]
public sealed class TelemetryPrivacyTests
{
    // personas.json, "confirmed-adult"
    private static readonly string[] PersonaData =
    [
        "1000000001", "112-233-445 95", "11223344595", "Петров", "Иван", "Сергеевич", "07.03.1985", "1985-03-07",
        "petrov@example.ru", "+7(900)0000001", "123456", "Ленина",
    ];

    private readonly List<Activity> _spans = [];

    /// <summary>Every span's texts copied at the moment it was exported (the in-memory exporter keeps live objects).</summary>
    private readonly SnapshotExporter _snapshots = new();
    private readonly List<Metric> _metrics = [];
    private SliceEnvironment _slice = null!;
    private readonly List<string> _secrets = [];

    [OneTimeSetUp]
    public async Task SignInAndRefreshAsync()
    {
        _slice = await SliceEnvironment.StartAsync(configureBroker: b =>
        {
            // registered before the broker's own telemetry: the earliest export position, where a leak would show
            b.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans).AddProcessor(new SimpleActivityExportProcessor(_snapshots)));
            b.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(_metrics));
        });
        var client = OidcTestClient.Confidential(_slice);
        using var browser = new BrowserClient();
        var answer = await client.AuthorizeAsync(browser, "confirmed-adult", new Dictionary<string, string?> { ["scope"] = "openid profile diary offline_access" });
        var code = answer["code"];
        var tokens = await client.RedeemAsync(code);
        Assert.That(tokens.Status, Is.EqualTo(200), tokens.Json.ToString());
        var refreshed = await client.PostTokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.Get("refresh_token")! }, client.ClientId, SliceEnvironment.DemoClientSecret);
        Assert.That(refreshed.Status, Is.EqualTo(200), refreshed.Json.ToString());
        _secrets.AddRange(new[] { code, tokens.Get("access_token")!, tokens.Get("id_token")!, tokens.Get("refresh_token")!, refreshed.Get("access_token")!, refreshed.Get("refresh_token")!, client.Verifier });

        using (var http = new HttpClient())
        {
            (await http.GetAsync(_slice.ManagementUrl + "/health/ready")).Dispose(); // probes must not be traced
            (await http.GetAsync(_slice.ManagementUrl + "/metrics")).Dispose();
        }

        _slice.BrokerServices.GetRequiredService<TracerProvider>().ForceFlush();
        _slice.BrokerServices.GetRequiredService<MeterProvider>().ForceFlush();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _slice.DisposeAsync();

    [Test]
    public void Spans_NoPersonalDataNoTokensNoCodes_Anywhere()
    {
        var texts = _spans.SelectMany(SpanTexts).Concat(_snapshots.Texts).ToList();

        Assert.That(_snapshots.Texts, Is.Not.Empty);
        foreach (var secret in PersonaData.Concat(_secrets))
        {
            var hits = texts.Where(t => t.Contains(secret, StringComparison.OrdinalIgnoreCase)).Distinct().Take(3).ToList();
            Assert.That(hits, Is.Empty, $"'{Mask(secret)}' found in exported spans");
        }
    }

    [Test]
    public void Metrics_NoPersonalDataNoTokensNoCodes_Anywhere()
    {
        var texts = _metrics.SelectMany(MetricTexts).ToList();

        Assert.That(texts, Is.Not.Empty);
        foreach (var secret in PersonaData.Concat(_secrets))
        {
            Assert.That(texts.Where(t => t.Contains(secret, StringComparison.OrdinalIgnoreCase)), Is.Empty, $"'{Mask(secret)}' found in exported metrics");
        }
    }

    [Test]
    public void Spans_EsiaPersonCall_ExportedWithItsUrlScrubbed()
    {
        var personCalls = _spans.Where(s => s.GetTagItem("url.full") is string u && u.Contains("/rs/prns/", StringComparison.Ordinal)).ToList();

        Assert.That(personCalls, Is.Not.Empty, "the HttpClient spans of ESIA's person API are exported");
        Assert.That(personCalls.Select(s => (string)s.GetTagItem("url.full")!), Has.All.Contains("/rs/prns/{id}"));
        Assert.That(_spans.Select(s => s.OperationName), Does.Contain("esia token").Or.Contain("esia person"), "a span around each ESIA call");
    }

    [Test]
    public void Spans_EachSignInStep_Exported_HealthNotTraced()
    {
        var names = _spans.Where(s => s.Source.Name == "IdentityBroker").Select(s => s.OperationName).ToHashSet();

        Assert.That(names, Is.SupersetOf(new[] { "sign_in.callback", "sign_in.esia_exchange", "sign_in.decide", "sign_in.finish" }));
        Assert.That(_spans.Where(s => s.GetTagItem("url.path") is string p && (p.StartsWith("/health", StringComparison.Ordinal) || p == "/metrics")), Is.Empty);
        Assert.That(_spans.Where(s => s.GetTagItem("url.path") is "/connect/token"), Is.Not.Empty, "server spans are exported at all");
    }

    [Test]
    public void Metrics_SignInOutcomeAndGrants_ByRegionRuleTypeOutcome()
    {
        var points = _metrics.SelectMany(m => Points(m).Select(p => (m.Name, Tags: p))).ToList();

        Assert.That(points.Any(p => p.Name == "identity_broker.sign_in.outcomes" && p.Tags["region"] == "38" && p.Tags["reason"] == "success" && p.Tags.ContainsKey("rule")));
        Assert.That(points.Any(p => p.Name == "identity_broker.token.grants" && p.Tags["grant_type"] == "authorization_code" && p.Tags["outcome"] == "success"));
        Assert.That(points.Any(p => p.Name == "identity_broker.token.grant.duration" && p.Tags["grant_type"] == "refresh_token"));
        Assert.That(points.Any(p => p.Name == "identity_broker.esia.request.duration"), "ESIA latency");
    }

    private static IEnumerable<string> SpanTexts(Activity s)
    {
        yield return s.DisplayName;
        yield return s.OperationName;
        foreach (var tag in s.TagObjects)
        {
            yield return tag.Key + "=" + tag.Value;
        }

        foreach (var e in s.Events)
        {
            yield return e.Name;
            foreach (var tag in e.Tags)
            {
                yield return tag.Key + "=" + tag.Value;
            }
        }

        foreach (var b in s.Baggage)
        {
            yield return b.Key + "=" + b.Value;
        }

        if (s.StatusDescription is { } status)
        {
            yield return status;
        }
    }

    private static IEnumerable<string> MetricTexts(Metric m) =>
        Points(m).SelectMany(p => p.Select(kv => kv.Key + "=" + kv.Value)).Prepend(m.Name);

    private static IEnumerable<Dictionary<string, string?>> Points(Metric m)
    {
        foreach (ref readonly var point in m.GetMetricPoints())
        {
            var tags = new Dictionary<string, string?>();
            foreach (var tag in point.Tags)
            {
                tags[tag.Key] = tag.Value?.ToString();
            }

            yield return tags;
        }
    }

    private sealed class SnapshotExporter : BaseExporter<Activity>
    {
        private readonly List<string> _texts = [];

        public IReadOnlyList<string> Texts
        {
            get
            {
                lock (_texts)
                {
                    return [.. _texts];
                }
            }
        }

        public override ExportResult Export(in Batch<Activity> batch)
        {
            lock (_texts)
            {
                foreach (var activity in batch)
                {
                    _texts.AddRange(SpanTexts(activity));
                }
            }

            return ExportResult.Success;
        }
    }

    private static string Mask(string secret) => secret.Length > 12 ? secret[..6] + "…" : secret;
}
