using System.Diagnostics;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Esia;

/// <summary>
/// Every fault of the emulator's injection API, seen through the broker (issue #4): the reason code on the broker's
/// page, the audit record, what reached ESIA (the emulator's request log) and the <c>identity_broker.esia.errors</c>
/// metric. ESIA's per-attempt timeout is 2 s here; the breaker is kept out of the way (its own drill is
/// <see cref="EsiaIsolationTests"/>).
/// </summary>
[CancelAfter(180_000)]
public sealed class EsiaFaultTests
{
    private static readonly TimeSpan EsiaTimeout = TimeSpan.FromSeconds(2);

    private SliceEnvironment _slice = null!;
    private EmulatorControl _emulator = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _slice = await SliceEnvironment.StartAsync(esia: new EsiaSliceOptions
        {
            EsiaTimeout = EsiaTimeout,
            BrokerSettings = new Dictionary<string, string?>
            {
                ["IdentityBroker:Esia:Resilience:BreakerMinimumThroughput"] = "1000",
                ["IdentityBroker:Esia:Resilience:RetryBaseDelay"] = "00:00:00.050",
            },
        });
        _emulator = new EmulatorControl(_slice);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _emulator.Dispose();
        await _slice.DisposeAsync();
    }

    [SetUp]
    public Task ResetAsync() => _emulator.ResetAsync();

    [TearDown]
    public Task ClearAsync() => _emulator.ResetAsync();

    [Test]
    public async Task TokenEndpoint_LatencyBelowTimeout_SignsIn()
    {
        await _emulator.SetFaultsAsync(new { latencyMs = new Dictionary<string, int> { ["te"] = 700, ["prns"] = 300 } });
        using var browser = new BrowserClient();

        var callback = await EsiaFlows.UpToCallbackAsync(browser, _slice, "confirmed-adult");
        var watch = Stopwatch.StartNew();
        var home = await browser.GetAsync(callback);

        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1001"), home.Body);
        Assert.That(watch.Elapsed, Is.GreaterThan(TimeSpan.FromMilliseconds(1000)), "the latency was really there");
    }

    [Test]
    public async Task TokenEndpoint_Hangs_EsiaUnavailableWithinTheTimeoutAndPostedOnce()
    {
        await _emulator.SetFaultsAsync(new { timeout = new[] { "te" } });
        using var browser = new BrowserClient();
        using var meters = new EsiaMeterRecorder();

        var callback = await EsiaFlows.UpToCallbackAsync(browser, _slice, "confirmed-adult");
        var watch = Stopwatch.StartNew();
        var page = await browser.GetAsync(callback);
        var elapsed = watch.Elapsed;

        var (reason, audit, _) = await EsiaFlows.RefusalAsync(_slice, page);
        Assert.That(reason, Is.EqualTo("esia_unavailable"));
        Assert.That(audit.RuleId, Is.EqualTo("ESIA"));
        Assert.That(elapsed, Is.InRange(EsiaTimeout - TimeSpan.FromMilliseconds(100), EsiaTimeout + TimeSpan.FromSeconds(2)),
            "the per-attempt timeout ended the wait");
        Assert.That(await _emulator.TokenPostsPerCodeAsync(SliceEnvironment.EsiaClientId), Is.EqualTo(new[] { 1 }),
            "the single-use code was POSTed to te exactly once: no retry of the token exchange");
        Assert.That(meters.Errors("38").Select(m => m.Tags["kind"]), Is.EqualTo(new[] { "unavailable" }));
    }

    [Test]
    public async Task TokenEndpoint_Http500_EsiaUnavailableAndPostedOnce()
    {
        await _emulator.SetFaultsAsync(new { serverError = new[] { "te" } });
        using var browser = new BrowserClient();

        var page = await browser.GetAsync(await EsiaFlows.UpToCallbackAsync(browser, _slice, "confirmed-adult"));

        var (reason, audit, _) = await EsiaFlows.RefusalAsync(_slice, page);
        Assert.That((reason, audit.RuleId), Is.EqualTo(("esia_unavailable", "ESIA")));
        Assert.That(await _emulator.TokenPostsPerCodeAsync(SliceEnvironment.EsiaClientId), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task TokenEndpoint_Esia007008_EsiaUnavailableWithTheCodeInTheMetric()
    {
        await _emulator.SetFaultsAsync(new { temporarilyUnavailable = true });
        using var browser = new BrowserClient();
        using var meters = new EsiaMeterRecorder();

        var page = await browser.GetAsync(await EsiaFlows.UpToCallbackAsync(browser, _slice, "confirmed-adult"));

        var (reason, audit, _) = await EsiaFlows.RefusalAsync(_slice, page);
        Assert.That((reason, audit.RuleId), Is.EqualTo(("esia_unavailable", "ESIA")));
        var error = meters.Errors("38").Single();
        Assert.That((error.Tags["esia.code"], error.Tags["kind"]), Is.EqualTo(("ESIA-007008", "unavailable")));
        Assert.That(await _emulator.TokenPostsPerCodeAsync(SliceEnvironment.EsiaClientId), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task PersonEndpoint_Http500_RetriedTwiceThenEsiaUnavailable()
    {
        await _emulator.SetFaultsAsync(new { serverError = new[] { "prns" } });
        using var browser = new BrowserClient();

        var page = await browser.GetAsync(await EsiaFlows.UpToCallbackAsync(browser, _slice, "confirmed-adult"));

        var (reason, _, _) = await EsiaFlows.RefusalAsync(_slice, page);
        Assert.That(reason, Is.EqualTo("esia_unavailable"));
        Assert.That(await _emulator.RequestsAsync("prns", SliceEnvironment.EsiaClientId), Has.Count.EqualTo(3),
            "the idempotent read: one attempt and two retries");
    }

    [Test]
    public async Task PersonEndpoint_FirstAttemptTimesOutThenRecovers_RetryLandsAndSignsIn()
    {
        await _emulator.SetFaultsAsync(new { timeout = new[] { "prns" } });
        using var browser = new BrowserClient();
        var callback = await EsiaFlows.UpToCallbackAsync(browser, _slice, "confirmed-adult");

        var signIn = browser.GetAsync(callback);
        // the first person read hangs; ESIA recovers while the client waits for its attempt timeout
        await WaitUntilAsync(async () => (await _emulator.RequestsAsync("prns")).Count >= 1);
        await _emulator.SetFaultsAsync(new { });
        var home = await signIn;

        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1001"), home.Body);
        Assert.That(await _emulator.PersonReadsAsync(), Has.Count.EqualTo(2), "one timed-out attempt, one retry that landed");
        Assert.That((await _emulator.RequestsAsync("prns")).Select(e => e.Collection), Does.Contain("kids"), "then the children read (kid_* scopes, R-CONSENT-6)");
    }

    [Test]
    public async Task Tokens_BadSignature_ServiceMisconfiguredAndCountedForOperators()
    {
        await _emulator.SetFaultsAsync(new { badTokenSignature = true });
        using var browser = new BrowserClient();
        using var meters = new EsiaMeterRecorder();

        var page = await browser.GetAsync(await EsiaFlows.UpToCallbackAsync(browser, _slice, "confirmed-adult"));

        var (reason, audit, _) = await EsiaFlows.RefusalAsync(_slice, page);
        Assert.That((reason, audit.RuleId), Is.EqualTo(("service_misconfigured", "ESIA")));
        Assert.That(meters.Errors("38").Select(m => m.Tags["kind"]), Is.EqualTo(new[] { "invalid_response" }),
            "identity_broker.esia.errors: one error an operator alert can fire on");
        Assert.That(await _emulator.RequestsAsync("prns"), Is.Empty, "unverified tokens are not used for the person read");
        var events = _slice.Esia.BrokerLog.Entries.ToList();
        Assert.That(events.Any(e => e.EventId.Name == "EsiaCallFailed" && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning
                                    && e.Message.Contains("signature not verified", StringComparison.Ordinal)),
            Is.True, "an operator log event names the failed check: " + string.Join(" | ", events.Select(e => e.Message)));
        Assert.That(events.Select(e => e.Message), Has.None.Contains("Петров").And.None.Contains("112-233-445").And.None.Contains("1000000001"),
            "no personal data in the broker's log");
    }

    [Test]
    public async Task Tokens_RotatedCertificate_MisconfiguredUntilTheNewCertificateIsAppendedToTheTrustedBundle()
    {
        await _emulator.SetFaultsAsync(new { rotatedCertificate = true });
        var original = await File.ReadAllTextAsync(_slice.Esia.TrustedBundlePath);
        try
        {
            using (var before = new BrowserClient())
            {
                var refused = await before.GetAsync(await EsiaFlows.UpToCallbackAsync(before, _slice, "confirmed-adult"));
                Assert.That((await EsiaFlows.RefusalAsync(_slice, refused)).Reason, Is.EqualTo("service_misconfigured"));
            }

            // the operator adds ESIA's new certificate to the trusted bundle: no restart, no redeploy
            var rotated = await _emulator.GetTextAsync("/public/esia-rotated.cer");
            await File.AppendAllTextAsync(_slice.Esia.TrustedBundlePath, rotated);

            using (var after = new BrowserClient())
            {
                var home = await after.GetAsync(await EsiaFlows.UpToCallbackAsync(after, _slice, "confirmed-adult"));
                Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1001"), "tokens of the new key verify");
            }

            await _emulator.SetFaultsAsync(new { });
            using (var old = new BrowserClient())
            {
                var home = await old.GetAsync(await EsiaFlows.UpToCallbackAsync(old, _slice, "confirmed-adult"));
                Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1001"), "the old certificate is still trusted");
            }
        }
        finally
        {
            await File.WriteAllTextAsync(_slice.Esia.TrustedBundlePath, original);
        }
    }

    [Test]
    public async Task AuthorizationEndpoint_Http500_BrowserStopsAtEsiaWithoutBrokerCall()
    {
        await _emulator.SetFaultsAsync(new { serverError = new[] { "ac" } });
        using var browser = new BrowserClient();

        var page = await browser.GetAsync(_slice.DemoUrl + "/login");

        Assert.That(page.Url.AbsolutePath, Is.EqualTo("/aas/oauth2/v2/ac"), "the browser reached ESIA; the broker did not call it");
        Assert.That((int)page.Status, Is.EqualTo(500));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "condition not reached in 10 s");
            await Task.Delay(50);
        }
    }
}
