using IdentityBroker.IntegrationTests.Esia;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.SignIn;

/// <summary>
/// Issue #10 item 8 through the broker: the refusal a person sees explains what is really wrong (REQUIREMENTS.md reason
/// table). Each test imports its own diary rows (ids d38-x…) for personas no other test of this fixture uses.
/// </summary>
[CancelAfter(180_000)]
public sealed class MatchingExplanationTests
{
    private const string School = "\"schools\":[{\"id\":\"38-s-001\",\"name\":\"МБОУ «СОШ № 1» г. Иркутска\"}]";
    private SliceEnvironment _slice = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _slice = await SliceEnvironment.StartAsync(esia: new EsiaSliceOptions { SecondRegion = true });

    [OneTimeTearDown]
    public async Task StopAsync() => await _slice.DisposeAsync();

    /// <summary>R-MATCH-3: under 14, the diary has the child's birth date with a Latin «о» in the surname — data_mismatch.</summary>
    [Test]
    public async Task SignIn_Rmatch3_Under14LatinLookAlikeInDiary_DataMismatchNotNoDiaryAccount()
    {
        var birth = EsiaFlows.MoscowToday().AddYears(-10).AddDays(-45); // child-10
        await EsiaFlows.ImportDirectoryRowsAsync(_slice, "38",
            $$"""{"id":"d38-x10","login":"x.morozov.as","lastName":"Мoрозов","firstName":"Артём","middleName":"Сергеевич","birthDate":"{{birth:yyyy-MM-dd}}","gender":"M","roles":["student"],{{School}},"activated":true}""");

        var (reason, audit, page) = await RefusalAsync("child-10");

        Assert.That((reason, audit.RuleId), Is.EqualTo(("data_mismatch", "R-MATCH-3")));
        Assert.That(page.Body, Does.Not.Contain("создаёт школа"), "not the no_diary_account remedy that sends parents to ask for a duplicate");
    }

    /// <summary>R-MATCH-3: under 14, the diary has the child's birth date but no patronymic — data_mismatch.</summary>
    [Test]
    public async Task SignIn_Rmatch3_Under14PatronymicMissingInDiary_DataMismatch()
    {
        var birth = EsiaFlows.MoscowToday().AddYears(-13).AddDays(-120); // child-13
        await EsiaFlows.ImportDirectoryRowsAsync(_slice, "38",
            $$"""{"id":"d38-x13","login":"x.morozova.p","lastName":"Морозова","firstName":"Полина","birthDate":"{{birth:yyyy-MM-dd}}","gender":"F","roles":["student"],{{School}},"activated":true}""");

        var (reason, audit, _) = await RefusalAsync("child-13");

        Assert.That((reason, audit.RuleId), Is.EqualTo(("data_mismatch", "R-MATCH-3")));
    }

    /// <summary>R-MATCH-8: the matched diary account is not activated — account_inactive, «обратитесь в школу».</summary>
    [Test]
    public async Task SignIn_Rmatch8_MatchedAccountNotActivated_AccountInactive()
    {
        var birth = EsiaFlows.MoscowToday().AddYears(-18).AddDays(-10); // child-18, an adult now
        await EsiaFlows.ImportDirectoryRowsAsync(_slice, "38",
            $$"""{"id":"d38-x18","login":"x.grigoriev","lastName":"Григорьев","firstName":"Никита","middleName":"Олегович","birthDate":"{{birth:yyyy-MM-dd}}","gender":"M","snils":"387-298-334 46","roles":["student"],{{School}},"activated":false}""");

        var (reason, audit, page) = await RefusalAsync("child-18");

        Assert.That((reason, audit.RuleId), Is.EqualTo(("account_inactive", "R-MATCH-8")));
        Assert.That(page.Text("h1"), Is.EqualTo("Учётная запись в электронном дневнике не активна"));
    }

    /// <summary>R-LEVEL-2: a standard account in a confirmed-only region (55) is told about its standard account, not a simplified one.</summary>
    [Test]
    public async Task SignIn_Rlevel2_StandardAccountConfirmedOnlyRegion_PageTalksAboutStandardAccount()
    {
        var client = new OidcTestClient(_slice, EsiaSliceOptions.MobileClientId55, EsiaSliceOptions.MobileRedirect55);

        var (reason, audit, page) = await RefusalAsync("standard-adult", client.AuthorizeUrl());

        Assert.That((reason, audit.RuleId), Is.EqualTo(("level_too_low", "R-LEVEL-2")));
        Assert.That(page.Body, Does.Contain("Стандартной учётной записи").And.Not.Contain("упрощённ").And.Not.Contain("Упрощённ"));
    }

    /// <summary>R-CONSENT-2/3: a minor with no parent in the diary is not told that a request went to a parent.</summary>
    [Test]
    public async Task SignIn_ConsentRequired_NoParentInDiary_PageDoesNotClaimARequestWasSent()
    {
        var birth = EsiaFlows.MoscowToday().AddYears(-17).AddDays(-60); // child-17
        await EsiaFlows.ImportDirectoryRowsAsync(_slice, "38",
            $$"""{"id":"d38-x17","login":"x.lebedeva.sa","lastName":"Лебедева","firstName":"София","middleName":"Андреевна","birthDate":"{{birth:yyyy-MM-dd}}","gender":"F","snils":"360-555-127 63","roles":["student"],{{School}},"activated":true}""");

        var (reason, _, page) = await RefusalAsync("child-17");

        Assert.That(reason, Is.EqualTo("consent_required"));
        Assert.That(page.Body, Does.Not.Contain("отправили запрос"));
        Assert.That(page.Body, Does.Contain("не привязан ни один родитель").And.Contain("«Мои дети»"));
    }

    /// <summary>R-CONSENT-3: with a parent in the diary, the page says the request was sent.</summary>
    [Test]
    public async Task SignIn_ConsentRequired_ParentInDiary_PageSaysTheRequestWasSent()
    {
        // child-10 in region 55 (its own directory rows there): ten years old on every calendar, so the outcome never depends
        // on the hour (a birthday persona would turn 14 in Irkutsk while Moscow, the emulator's calendar, is a day behind).
        var birth = EsiaFlows.MoscowToday().AddYears(-10).AddDays(-45); // child-10
        await EsiaFlows.ImportDirectoryRowsAsync(_slice, "55",
            $$"""{"id":"d55-x10","login":"x.morozov.as","lastName":"Морозов","firstName":"Артём","middleName":"Сергеевич","birthDate":"{{birth:yyyy-MM-dd}}","gender":"M","snils":"223-606-797 60","roles":["student"],{{School}},"activated":true}""",
            $$"""{"id":"d55-x10p","login":"x.morozov.sn","lastName":"Морозов","firstName":"Сергей","middleName":"Николаевич","birthDate":"1980-04-14","gender":"M","roles":["parent"],{{School}},"activated":true,"children":["d55-x10"]}""");
        var client = new OidcTestClient(_slice, EsiaSliceOptions.MobileClientId55, EsiaSliceOptions.MobileRedirect55);

        var (reason, _, page) = await RefusalAsync("child-10", client.AuthorizeUrl());

        Assert.That(reason, Is.EqualTo("consent_required"));
        Assert.That(page.Body, Does.Contain("Мы отправили запрос родителю"));
    }

    private async Task<(string Reason, Core.Stores.AuditRecord Audit, Page Page)> RefusalAsync(string persona, string? authorizeUrl = null)
    {
        using var browser = new BrowserClient();
        var callback = await EsiaFlows.UpToCallbackAsync(browser, _slice, persona, authorizeUrl: authorizeUrl);
        return await EsiaFlows.RefusalAsync(_slice, await browser.GetAsync(callback));
    }
}
