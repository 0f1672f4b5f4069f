using IdentityBroker.Core.Stores;
using IdentityBroker.Esia.Http;
using IdentityBroker.IntegrationTests.Consent;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IdentityBroker.IntegrationTests.Esia;

/// <summary>
/// Issue #10 item 7 through the broker: ESIA's error codes (docs/ESIA.md §8) become the right reason, log level and
/// metric; optional collections are read only when granted and their refusal is survived; an issuer without its trailing
/// slash stops start-up. The faults come from the emulator (<c>callbackError</c>, <c>withheldScopes</c>,
/// <c>forbiddenCollections</c>).
/// </summary>
[CancelAfter(240_000)]
public sealed class EsiaErrorMappingTests
{
    private SliceEnvironment _slice = null!;
    private EmulatorControl _emulator = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _slice = await SliceEnvironment.StartAsync();
        _emulator = new EmulatorControl(_slice);
        await ConsentSteps.ImportFamilyAsync(_slice);
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

    /// <summary>ESIA-007055 (sign-in with an unconfirmed account) is the person's level, R-LEVEL-1 — not our configuration.</summary>
    [Test]
    public async Task Callback_Esia007055_LevelTooLowRlevel1NotMisconfigured()
    {
        await _emulator.SetFaultsAsync(new { callbackError = "ESIA-007055" });
        using var meters = new EsiaMeterRecorder();
        using var browser = new BrowserClient();

        var (reason, audit, page) = await EsiaFlows.RefusalAsync(_slice, await browser.GetAsync(_slice.DemoUrl + "/login"));

        Assert.That((reason, audit.RuleId), Is.EqualTo(("level_too_low", "R-LEVEL-1")));
        Assert.That(page.Body, Does.Contain("подтверждённая учётная запись"));
        var error = meters.Errors("38").Single();
        Assert.That((error.Tags["esia.code"], error.Tags["kind"]), Is.EqualTo(("ESIA-007055", "denied")));
        Assert.That(Events("EsiaMisconfigured"), Is.Empty, "not an operator error");
    }

    /// <summary>The codes that mean our ESIA registration is wrong: service_misconfigured, an error-level log, kind=misconfigured.</summary>
    [TestCase("ESIA-007006")]
    [TestCase("ESIA-007010")]
    [TestCase("ESIA-007013")]
    [TestCase("ESIA-007019")]
    [TestCase("ESIA-007071")]
    [TestCase("ESIA-008010")]
    public async Task Callback_RegistrationError_MisconfiguredWithErrorLogAndOpsMetric(string code)
    {
        await _emulator.SetFaultsAsync(new { callbackError = code });
        using var meters = new EsiaMeterRecorder();
        using var browser = new BrowserClient();
        var before = Events("EsiaMisconfigured").Count;

        var (reason, audit, _) = await EsiaFlows.RefusalAsync(_slice, await browser.GetAsync(_slice.DemoUrl + "/login"));

        Assert.That((reason, audit.RuleId), Is.EqualTo(("service_misconfigured", "ESIA")));
        var error = meters.Errors("38").Single();
        Assert.That((error.Tags["esia.code"], error.Tags["kind"]), Is.EqualTo((code, "misconfigured")));
        var logged = Events("EsiaMisconfigured").Skip(before).ToList();
        Assert.That(logged.Select(e => (e.Level, e.Message.Contains(code, StringComparison.Ordinal))), Is.EqualTo(new[] { (LogLevel.Error, true) }));
    }

    /// <summary>ESIA-007046: two-factor sign-in needed but not set up — its own reason and explanation.</summary>
    [Test]
    public async Task Callback_Esia007046_OwnReasonAndExplanation()
    {
        await _emulator.SetFaultsAsync(new { callbackError = "ESIA-007046" });
        using var browser = new BrowserClient();

        var (reason, audit, page) = await EsiaFlows.RefusalAsync(_slice, await browser.GetAsync(_slice.DemoUrl + "/login"));

        Assert.That((reason, audit.RuleId), Is.EqualTo(("esia_2fa_unavailable", "ESIA")));
        Assert.That(page.Text("h1"), Is.EqualTo("Госуслуги требуют вход с подтверждением"));
        Assert.That(page.Body, Does.Contain("«Безопасность»"));
    }

    /// <summary>The person did not grant the children: the kids collection is not requested, the sign-in completes, the known relations stay.</summary>
    [Test]
    public async Task KidScopesNotGranted_KidsNotRequestedSignInCompletesRelationsKept()
    {
        var relations = await SignInParentAsync();
        Assert.That(relations, Is.EqualTo(2), "precondition: the parent's two ESIA children are known");
        await _emulator.ResetAsync();
        await _emulator.SetFaultsAsync(new { withheldScopes = new[] { "kid_fullname", "kid_birthdate", "kid_snils" } });
        using var meters = new EsiaMeterRecorder();

        Assert.That(await SignInParentAsync(), Is.EqualTo(2), "unknown children do not erase the known relations");

        Assert.That((await _emulator.RequestsAsync("prns")).Where(r => r.Collection == "kids"), Is.Empty, "kids not requested without the scope");
        Assert.That(OptionalSkips(meters), Is.EqualTo(new[] { ("kids", "not_granted") }));
    }

    /// <summary>ESIA answers 403 for the kids collection: the sign-in completes, logged and counted, the known relations stay.</summary>
    [Test]
    public async Task KidsCollectionForbidden_SignInCompletesLoggedAndCounted()
    {
        Assert.That(await SignInParentAsync(), Is.EqualTo(2), "precondition");
        await _emulator.SetFaultsAsync(new { forbiddenCollections = new[] { "kids" } });
        using var meters = new EsiaMeterRecorder();
        var before = Events("EsiaOptionalDataRefused").Count;

        Assert.That(await SignInParentAsync(), Is.EqualTo(2));

        Assert.That(OptionalSkips(meters), Is.EqualTo(new[] { ("kids", "refused") }));
        var logged = Events("EsiaOptionalDataRefused").Skip(before).ToList();
        Assert.That(logged.Select(e => e.Level), Is.EqualTo(new[] { LogLevel.Warning }));
        Assert.That(logged[0].Message, Does.Contain("kids").And.Contain("region 38").And.Not.Contain("1000000010"));
        Assert.That(meters.Errors("38"), Is.Empty, "not an ESIA error of the sign-in");
    }

    /// <summary>The person did not grant the documents: the person is read without them and the sign-in completes.</summary>
    [Test]
    public async Task DocumentScopeNotGranted_PersonReadWithoutDocumentsSignInCompletes()
    {
        await _emulator.SetFaultsAsync(new { withheldScopes = new[] { "id_doc" } });
        using var meters = new EsiaMeterRecorder();
        using var browser = new BrowserClient();

        var home = await ConsentSteps.SignInAsync(browser, _slice, "confirmed-adult");

        Assert.That(ConsentSteps.SignedInAs(_slice, home), Is.EqualTo("d38-1001"), home.Body);
        Assert.That(await _emulator.PersonReadsAsync(), Has.Count.EqualTo(1), "one read of the person, without the documents embed");
        Assert.That(OptionalSkips(meters), Is.EqualTo(new[] { ("documents", "not_granted") }));
    }

    /// <summary>ESIA refuses the embedded documents with 403: the person is read again without them; the sign-in completes.</summary>
    [Test]
    public async Task DocumentsForbidden_PersonReadAgainWithoutThemSignInCompletes()
    {
        await _emulator.SetFaultsAsync(new { forbiddenCollections = new[] { "documents" } });
        using var meters = new EsiaMeterRecorder();
        using var browser = new BrowserClient();

        var home = await ConsentSteps.SignInAsync(browser, _slice, "confirmed-adult");

        Assert.That(ConsentSteps.SignedInAs(_slice, home), Is.EqualTo("d38-1001"), home.Body);
        Assert.That(await _emulator.PersonReadsAsync(), Has.Count.EqualTo(2), "the refused read with the embed, then the bare person");
        Assert.That(OptionalSkips(meters), Is.EqualTo(new[] { ("documents", "refused") }));
        Assert.That(meters.Errors("38"), Is.Empty);
    }

    /// <summary>R-REGION-4: an ESIA issuer without its trailing slash stops the broker's start, naming the key and the fix.</summary>
    [Test]
    public async Task Startup_Rregion4_EsiaIssuerWithoutTrailingSlash_ExitsNamingKeyAndFix()
    {
        var regions = Path.Combine(_slice.Directory, "regions-no-slash");
        Directory.CreateDirectory(regions);
        var text = await File.ReadAllTextAsync(Path.Combine(_slice.Directory, "regions", "38.json"));
        var issuer = _slice.EmulatorUrl + "/";
        Assert.That(text, Does.Contain($"\"issuer\": \"{issuer}\""), "test setup");
        await File.WriteAllTextAsync(Path.Combine(regions, "38.json"), text.Replace($"\"issuer\": \"{issuer}\"", $"\"issuer\": \"{_slice.EmulatorUrl}\"", StringComparison.Ordinal));

        var ex = Assert.ThrowsAsync<BrokerExitedException>(() =>
            BrokerProcess.StartAsync(_slice, new Dictionary<string, string?> { ["IdentityBroker:RegionsDirectory"] = regions }));

        Assert.That(ex!.ExitCode, Is.EqualTo(2));
        Assert.That(ex.Output, Does.Contain("38.json: esia: Regions:38:Esia:Issuer").And.Contain("trailing slash").And.Contain($"Set it to '{_slice.EmulatorUrl}/'"));
    }

    /// <summary>Signs the father (parent-two-kids) in at the demo client; returns how many verified children he has after it.</summary>
    private async Task<int> SignInParentAsync()
    {
        using var browser = new BrowserClient();
        var home = await ConsentSteps.SignInAsync(browser, _slice, "parent-two-kids");
        Assert.That(ConsentSteps.SignedInAs(_slice, home), Is.EqualTo(ConsentSteps.Father), home.Body);
        var subject = DataConsentSteps.SubjectHash(_slice, "1000000010");
        return (await _slice.BrokerServices.GetRequiredService<IFamilyRelationStore>().FindChildrenAsync("38", subject, CancellationToken.None)).Count;
    }

    private static List<(string?, string?)> OptionalSkips(EsiaMeterRecorder meters) =>
        meters.Measurements.Where(m => m.Instrument == EsiaMetrics.OptionalDataSkippedInstrument && m.Tags.GetValueOrDefault("esia.region") == "38")
            .Select(m => (m.Tags.GetValueOrDefault("collection"), m.Tags.GetValueOrDefault("reason"))).ToList();

    private List<CapturedLog.Entry> Events(string name) =>
        _slice.Esia.BrokerLog.Entries.Where(e => e.EventId.Name == name).ToList();
}
