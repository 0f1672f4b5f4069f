using System.Net;
using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityBroker.IntegrationTests.Esia;

/// <summary>
/// Every emulator persona through the whole broker (issue #4): region 38 (Irkutsk: adults standard or confirmed) and
/// region 55 (Omsk: confirmed only), each with its own ESIA registration at one emulator. Outcomes are read from the
/// broker's page (<c>#error-code</c>) and from the audit record behind the reference number.
/// </summary>
[CancelAfter(180_000)]
public sealed class EsiaPersonaTests
{
    private SliceEnvironment _slice = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _slice = await SliceEnvironment.StartAsync(esia: new EsiaSliceOptions { SecondRegion = true });

        // child-10 has a diary account only in this test's own directory rows (not in deploy/dev)
        var birth = EsiaFlows.MoscowToday().AddYears(-10).AddDays(-45);
        await EsiaFlows.ImportDirectoryRowsAsync(_slice, "38",
            $$"""{"id":"d38-t2010","login":"t.morozov.as","lastName":"Морозов","firstName":"Артём","middleName":"Сергеевич","birthDate":"{{birth:yyyy-MM-dd}}","gender":"M","roles":["student"],"schools":[{"id":"38-s-001","name":"МБОУ «СОШ № 1» г. Иркутска"}],"activated":true}""");

        // R-CONSENT-2: a minor signs in only with a parent's consent; given here through the store (the consent flows
        // themselves are proven in Consent/ParentalConsentFlowTests).
        await _slice.BrokerServices.GetRequiredService<IParentalConsentStore>().GrantAsync(
            "38", "d38-t2010", "parent-esia-hash-of-persona-tests", null, DateTimeOffset.UtcNow, [], CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _slice.DisposeAsync();

    [TestCase("confirmed-adult", "d38-1001")]
    [TestCase("standard-adult", "d38-1002")]
    [TestCase("child-10", "d38-t2010")]
    public async Task SignIn_Region38Persona_SignsInAsTheMatchingDiaryAccount(string persona, string diaryId)
    {
        using var browser = new BrowserClient();

        var home = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(_slice.DemoUrl + "/login"), persona);

        Assert.That(home.Url.ToString(), Does.StartWith(_slice.DemoUrl), home.Body);
        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo(diaryId));
    }

    [TestCase("simplified-adult", "level_too_low", "R-LEVEL-1")]
    [TestCase("child-13", "no_diary_account", "R-MATCH-3")]
    [TestCase("child-14-today", "level_too_low", "R-LEVEL-1")]
    [TestCase("child-15", "level_too_low", "R-LEVEL-3")]
    [TestCase("child-17", "no_diary_account", "R-MATCH-2")]
    [TestCase("child-18", "no_diary_account", "R-MATCH-2")]
    [TestCase("no-diary-account", "no_diary_account", "R-MATCH-2")]
    public async Task SignIn_Region38Persona_RefusedWithReasonAndAudit(string persona, string reason, string rule)
    {
        using var browser = new BrowserClient();

        var page = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(_slice.DemoUrl + "/login"), persona);

        var (shown, audit, _) = await EsiaFlows.RefusalAsync(_slice, page);
        Assert.That(shown, Is.EqualTo(reason));
        Assert.That(audit.RuleId, Is.EqualTo(rule));
        Assert.That(audit.RegionCode, Is.EqualTo("38"));
    }

    [Test]
    public async Task SignIn_ChildTurning14TomorrowInMoscow_OutcomeFollowsTheAgeOnIrkutskCalendar()
    {
        // R-MATCH-1: the age is taken on the region's calendar day (Irkutsk is UTC+8, the emulator's "today" UTC+3)
        var irkutsk = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Irkutsk")).DateTime);
        var birth = EsiaFlows.MoscowToday().AddYears(-14).AddDays(1);
        var is14 = birth.AddYears(14) <= irkutsk;
        using var browser = new BrowserClient();

        var page = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(_slice.DemoUrl + "/login"), "child-14-tomorrow");

        var (shown, audit, _) = await EsiaFlows.RefusalAsync(_slice, page);
        Assert.That((shown, audit.RuleId), Is.EqualTo(is14 ? ("level_too_low", "R-LEVEL-3") : ("no_diary_account", "R-MATCH-3")),
            "a 13-year-old child account reaches matching (not in the directory); on the 14th birthday it needs a confirmed account");
    }

    [Test]
    public async Task SignIn_StandardAdultInConfirmedOnlyRegion55_LevelTooLowRlevel2()
    {
        using var browser = new BrowserClient();
        var client = new OidcTestClient(_slice, EsiaSliceOptions.MobileClientId55, EsiaSliceOptions.MobileRedirect55);

        var callback = await EsiaFlows.UpToCallbackAsync(browser, _slice, "standard-adult", authorizeUrl: client.AuthorizeUrl());
        var page = await browser.GetAsync(callback);

        var (shown, audit, _) = await EsiaFlows.RefusalAsync(_slice, page);
        Assert.That(shown, Is.EqualTo("level_too_low"));
        Assert.That(audit.RuleId, Is.EqualTo("R-LEVEL-2"));
        Assert.That(audit.RegionCode, Is.EqualTo("55"));
        Assert.That(callback, Does.Contain("code="), "ESIA (client DNEVNIK55) granted; the broker refused on the level");
    }

    [Test]
    public async Task SignIn_BlockedAccount_EsiaDeniedWithBlockedTextAndRlevel5()
    {
        using var browser = new BrowserClient();

        var callback = await EsiaFlows.UpToCallbackAsync(browser, _slice, "blocked-account");
        var page = await browser.GetAsync(callback);

        var (shown, audit, refusal) = await EsiaFlows.RefusalAsync(_slice, page);
        Assert.That(shown, Is.EqualTo("esia_denied"));
        Assert.That(audit.RuleId, Is.EqualTo("R-LEVEL-5"));
        Assert.That(refusal.Body, Does.Contain("заблокирована"), "the blocked-account text, not the generic refusal");
        Assert.That(callback, Does.Contain("ESIA-007036"));
    }

    [Test]
    public async Task SignIn_UserRefusesAccess_EsiaDeniedWithEsiaRule()
    {
        using var browser = new BrowserClient();

        var callback = await EsiaFlows.UpToCallbackAsync(browser, _slice, "standard-adult", grant: false);
        var page = await browser.GetAsync(callback);

        var (shown, audit, refusal) = await EsiaFlows.RefusalAsync(_slice, page);
        Assert.That(shown, Is.EqualTo("esia_denied"));
        Assert.That(audit.RuleId, Is.EqualTo("ESIA"));
        Assert.That(refusal.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(callback, Does.Contain("ESIA-007004"));
    }
}
