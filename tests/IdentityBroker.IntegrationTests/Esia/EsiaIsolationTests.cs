using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Esia;

/// <summary>
/// No thread starvation, no cross-region damage (issue #4): region 38's ESIA token endpoint hangs while 30 sign-ins wait
/// on it; at the same time region 55 (another ESIA registration at the same emulator) keeps signing in, and the broker's
/// discovery, JWKS and token endpoints keep answering quickly. The per-region concurrency limiter (8 + 8 queued) and
/// circuit breaker (opens after 5 failures) show in what reached ESIA and in the breaker metric.
/// </summary>
[CancelAfter(180_000)]
public sealed class EsiaIsolationTests
{
    private const int MaxConcurrent = 8;
    private const int Queue = 8;
    private const int StuckSignIns = 30;
    private static readonly TimeSpan EsiaTimeout = TimeSpan.FromSeconds(3);

    private SliceEnvironment _slice = null!;
    private EmulatorControl _emulator = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _slice = await SliceEnvironment.StartAsync(esia: new EsiaSliceOptions
        {
            SecondRegion = true,
            EsiaTimeout = EsiaTimeout,
            BrokerSettings = new Dictionary<string, string?>
            {
                ["IdentityBroker:Esia:Resilience:MaxConcurrentRequestsPerRegion"] = MaxConcurrent.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["IdentityBroker:Esia:Resilience:QueueLimit"] = Queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["IdentityBroker:Esia:Resilience:BreakerMinimumThroughput"] = "5",
                ["IdentityBroker:Esia:Resilience:BreakerFailureRatio"] = "0.5",
                ["IdentityBroker:Esia:Resilience:BreakerSamplingDuration"] = "00:01:00",
                ["IdentityBroker:Esia:Resilience:BreakerBreakDuration"] = "00:01:00",
            },
        });
        _emulator = new EmulatorControl(_slice);
        await EsiaFlows.ImportDirectoryRowsAsync(_slice, "55",
            """{"id":"d55-1001","login":"petrov.is.55","lastName":"Петров","firstName":"Иван","middleName":"Сергеевич","birthDate":"1985-03-07","gender":"M","snils":"112-233-445 95","roles":["parent"],"schools":[{"id":"55-s-001","name":"БОУ «СОШ № 1» г. Омска"}],"activated":true}""");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _emulator.ResetAsync();
        _emulator.Dispose();
        await _slice.DisposeAsync();
    }

    [Test]
    public async Task Region38EsiaHangs_Region55AndBrokerEndpointsStayFast_LimiterAndBreakerContainTheDamage()
    {
        using var meters = new EsiaMeterRecorder();
        await _emulator.ResetAsync();
        await _emulator.SetFaultsAsync(new { timeout = new[] { "te" }, clients = new[] { SliceEnvironment.EsiaClientId } });

        // 30 browsers up to ESIA's redirect back (region 38), then all callbacks at once
        var browsers = Enumerable.Range(0, StuckSignIns).Select(_ => new BrowserClient()).ToList();
        try
        {
            var callbacks = await Task.WhenAll(browsers.Select(b => EsiaFlows.UpToCallbackAsync(b, _slice, "confirmed-adult")));
            var threadsBefore = ThreadPool.ThreadCount;
            var stuck = browsers.Select((b, i) => TimedAsync(() => b.GetAsync(callbacks[i]))).ToList();

            // meanwhile: region 55 signs in through the same emulator and the broker's public endpoints answer
            var latencies = new ConcurrentBag<double>();
            var signIns55 = 0;
            var all38 = Task.WhenAll(stuck);
            while (!all38.IsCompleted)
            {
                await Region55RoundAsync(latencies);
                signIns55++;
            }

            var results = await all38;
            var threadsAfter = ThreadPool.ThreadCount;
            var ordered = latencies.OrderBy(x => x).ToList();
            var p99 = ordered[Math.Min(ordered.Count - 1, (int)Math.Ceiling(ordered.Count * 0.99) - 1)];
            var te38 = (await _emulator.RequestsAsync("te", SliceEnvironment.EsiaClientId)).Count;
            var fast = results.Count(r => r.Elapsed < TimeSpan.FromSeconds(1));
            await TestContext.Out.WriteLineAsync(
                $"region 55: {signIns55} sign-ins, {ordered.Count} broker requests, p50 {ordered[ordered.Count / 2]:F0} ms, p99 {p99:F0} ms, max {ordered[^1]:F0} ms; " +
                $"region 38: {te38} te POSTs reached ESIA, {fast}/{StuckSignIns} failed in < 1 s, slowest {results.Max(r => r.Elapsed).TotalSeconds:F1} s; " +
                $"thread pool {threadsBefore} → {threadsAfter}; breaker 38: {string.Join(",", meters.BreakerStates("38"))}");

            Assert.That(signIns55, Is.GreaterThanOrEqualTo(2), "region 55 kept signing in while region 38's ESIA hung");
            Assert.That(p99, Is.LessThan(1500), "discovery, JWKS and token requests stay fast (p99, ms)");
            foreach (var (page, _) in results)
            {
                Assert.That(page.Text("#error-code"), Is.EqualTo("esia_unavailable"), page.Url + "\n" + page.Body);
            }

            Assert.That(te38, Is.InRange(1, MaxConcurrent + Queue), "the per-region limiter (8 running + 8 queued) kept the other calls away from the hanging ESIA");
            Assert.That(fast, Is.GreaterThanOrEqualTo(StuckSignIns - MaxConcurrent - Queue), "calls beyond limit + queue are rejected at once");
            Assert.That(results.Max(r => r.Elapsed), Is.LessThan(EsiaTimeout * 2 + TimeSpan.FromSeconds(3)), "nobody waits longer than queue + attempt");
            Assert.That(meters.BreakerStates("38"), Does.Contain("open"));
            Assert.That(meters.BreakerStates("55"), Is.Empty, "region 55's breaker never moved");

            // the breaker is open: the next sign-in of region 38 fails fast, without a token POST
            using var later = new BrowserClient();
            var laterCallback = await EsiaFlows.UpToCallbackAsync(later, _slice, "confirmed-adult");
            var (laterPage, laterElapsed) = await TimedAsync(() => later.GetAsync(laterCallback));
            Assert.That(laterPage.Text("#error-code"), Is.EqualTo("esia_unavailable"));
            Assert.That(laterElapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "fail fast while the breaker is open");
            Assert.That((await _emulator.RequestsAsync("te", SliceEnvironment.EsiaClientId)).Count, Is.EqualTo(te38), "no POST while open");
        }
        finally
        {
            browsers.ForEach(b => b.Dispose());
        }
    }

    /// <summary>Discovery, JWKS, one full sign-in of region 55 (ESIA te + prns) and its token request; broker request latencies in ms.</summary>
    private async Task Region55RoundAsync(ConcurrentBag<double> latencies)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var (discovery, t1) = await TimedAsync(() => http.GetStringAsync(_slice.BrokerUrl + "/.well-known/openid-configuration"));
        latencies.Add(t1.TotalMilliseconds);
        var jwksUri = JsonDocument.Parse(discovery).RootElement.GetProperty("jwks_uri").GetString()!;
        var (_, t2) = await TimedAsync(() => http.GetStringAsync(jwksUri));
        latencies.Add(t2.TotalMilliseconds);

        using var browser = new BrowserClient();
        var client = new OidcTestClient(_slice, EsiaSliceOptions.MobileClientId55, EsiaSliceOptions.MobileRedirect55);
        var redirect = await client.AuthorizeAsync(browser);
        Assert.That(redirect, Does.ContainKey("code"), string.Join("&", redirect.Select(kv => kv.Key + "=" + kv.Value)));
        var (token, t3) = await TimedAsync(() => client.RedeemAsync(redirect["code"]));
        latencies.Add(t3.TotalMilliseconds);
        Assert.That(token.Status, Is.EqualTo(200), token.Json.ToString());
    }

    private static async Task<(T Result, TimeSpan Elapsed)> TimedAsync<T>(Func<Task<T>> action)
    {
        var watch = Stopwatch.StartNew();
        var result = await action();
        return (result, watch.Elapsed);
    }
}
