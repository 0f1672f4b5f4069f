using System.Net;
using System.Text.Json;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Flows;

/// <summary>
/// The foundation slice end to end over HTTP: demo diary client → broker → ESIA emulator → broker → demo client, with a
/// cookie-aware client, real PostgreSQL and real GOST signatures checked by the emulator.
/// </summary>
[CancelAfter(120_000)]
public sealed class FederatedSignInTests : SliceFixture
{
    [Test]
    public async Task SignIn_ConfirmedAdultWithDiaryAccount_DemoClientShowsBrokerClaimsAndUserinfo()
    {
        using var browser = new BrowserClient();

        var login = await browser.GetAsync(Slice.DemoUrl + "/login");
        var home = await EsiaEmulatorDriver.SignInAsync(browser, login, "confirmed-adult");

        Assert.That(home.Url.ToString(), Does.StartWith(Slice.DemoUrl), string.Join("\n", browser.History));
        Assert.That(home.Status, Is.EqualTo(HttpStatusCode.OK), home.Body);
        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1001"), "sub is the diary account id (R-TOKEN-2)");
        Assert.That(home.Text("#claims tr[data-claim='iss'] td:last-child"), Is.EqualTo(Slice.BrokerUrl));
        Assert.That(home.Text("#claims tr[data-claim='region'] td:last-child"), Is.EqualTo("38"));
        Assert.That(home.Body, Does.Not.Contain("112-233-445").And.Not.Contain("11223344595").And.Not.Contain("1000000001"),
            "neither SNILS nor the ESIA oid reaches the client (R-TOKEN-2)");

        using var userinfo = JsonDocument.Parse(home.Text("#userinfo")!);
        Assert.That(userinfo.RootElement.GetProperty("sub").GetString(), Is.EqualTo("d38-1001"));
        Assert.That(userinfo.RootElement.GetProperty("family_name").GetString(), Is.EqualTo("Петров"));
        Assert.That(userinfo.RootElement.GetProperty("children")[0].GetString(), Is.EqualTo("d38-2001"));
        Assert.That(browser.History.Any(u => u.AbsolutePath == "/aas/oauth2/v2/ac"), "went through ESIA's v2/ac");
    }

    [Test]
    public async Task SignIn_SecondTime_UsesTheLinkAndTheSessionWithoutEsia()
    {
        using var browser = new BrowserClient();
        await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(Slice.DemoUrl + "/login"), "confirmed-adult");
        browser.History.Clear();

        var again = await browser.GetAsync(Slice.DemoUrl + "/login");

        Assert.That(again.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1001"));
        Assert.That(browser.History.Any(u => u.ToString().StartsWith(Slice.EmulatorUrl, StringComparison.Ordinal)), Is.False, "single sign-on: no trip to ESIA");
    }

    [Test]
    public async Task SignIn_PromptLogin_GoesToEsiaAgainAndUsesTheLink()
    {
        using var browser = new BrowserClient();
        await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(Slice.DemoUrl + "/login"), "confirmed-adult");

        var login = await browser.GetAsync(Slice.DemoUrl + "/login?prompt=login");
        var home = await EsiaEmulatorDriver.SignInAsync(browser, login, "confirmed-adult");

        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1001"));
    }

    [TestCase("simplified-adult", "level_too_low", "R-LEVEL-1")]
    [TestCase("no-diary-account", "no_diary_account", "R-MATCH-2")]
    [TestCase("name-differs", "data_mismatch", "R-MATCH-2")]
    [TestCase("diary-without-snils", "diary_snils_missing", "R-MATCH-6")]
    public async Task SignIn_Refused_ShowsRussianPageWithReasonAndReference(string persona, string reason, string rule)
    {
        using var browser = new BrowserClient();

        var page = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(Slice.DemoUrl + "/login"), persona);

        Assert.That(page.Url.ToString(), Does.StartWith(Slice.BrokerUrl + "/signin-esia"));
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(page.Text("#error-code"), Is.EqualTo(reason));
        Assert.That(page.Document.DocumentElement.GetAttribute("lang"), Is.EqualTo("ru"));
        var reference = page.Text("#reference");
        Assert.That(reference, Does.Match("^[0-9A-Z]{4}-[0-9A-Z]{4}$"));

        var audit = await AuditQueries.ByReferenceAsync(Slice, reference!);
        Assert.That(audit.Outcome, Is.EqualTo(reason));
        Assert.That(audit.RuleId, Is.EqualTo(rule));

        // "Return to the diary" hands the client a standard OAuth error (access_denied) with its state.
        var back = await browser.GetAsync(page.Document.QuerySelector("#return")!.GetAttribute("href")!);
        Assert.That(back.Url.ToString(), Does.StartWith(Slice.DemoUrl));
        Assert.That(back.Text("#error-code"), Is.EqualTo("access_denied"));
    }

    /// <summary>
    /// Fix (issue #12: each step's form is single-use): the account chooser form counts once. Posting the same choice again
    /// (back button, double submit, a replay) is the Russian "expired" page and enters nothing a second time.
    /// </summary>
    [Test]
    public async Task SignIn_Rmatch5_ChooserPostedTwice_SecondIsExpiredPage()
    {
        using var browser = new BrowserClient();
        var chooser = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(Slice.DemoUrl + "/login"), "several-accounts");
        var home = await browser.SubmitAsync(chooser, "button[data-account='d38-1006b']");
        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1006b"));

        var replay = await browser.SubmitAsync(chooser, "button[data-account='d38-1006a']");

        Assert.That((replay.Status, replay.Text("#error-code")), Is.EqualTo((HttpStatusCode.BadRequest, "invalid_choice")));
        Assert.That(replay.Text("h1"), Is.EqualTo("Сеанс входа устарел"));
        Assert.That(replay.Url.ToString(), Does.StartWith(Slice.BrokerUrl + "/signin/choose"), "no redirect to the client");
    }

    /// <summary>
    /// Fix (issue #12): a form_post client gets access_denied after a refusal, like a query client: the page's
    /// "Вернуться в электронный дневник" posts error, error_description, state and iss to the redirect URI (before, form_post
    /// clients got no way back at all).
    /// </summary>
    [Test]
    public async Task SignIn_RefusedForFormPostClient_ReturnPostsAccessDeniedWithState()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);

        var page = await EsiaEmulatorDriver.SignInAsync(
            browser, await browser.GetAsync(client.AuthorizeUrl(new Dictionary<string, string?> { ["response_mode"] = "form_post" })), "no-diary-account");

        Assert.That((page.Status, page.Text("#error-code")), Is.EqualTo((HttpStatusCode.Forbidden, "no_diary_account")));
        Assert.That(page.Document.QuerySelector("a#return"), Is.Null, "no query-mode link for a form_post client");
        var back = page.Document.QuerySelector("form#return-form");
        Assert.That(back, Is.Not.Null, page.Body);
        Assert.That((back!.GetAttribute("method"), back.GetAttribute("action")), Is.EqualTo(("post", client.RedirectUri)));
        Assert.That(back.QuerySelectorAll("input[type='hidden']").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value")),
            Is.EquivalentTo(new Dictionary<string, string?>
            {
                ["error"] = "access_denied", ["error_description"] = "no_diary_account", ["state"] = client.State, ["iss"] = Slice.BrokerUrl,
            }));
        Assert.That(back.QuerySelector("button#return")?.TextContent.Trim(), Is.EqualTo("Вернуться в электронный дневник"));
        var audit = await AuditQueries.ByReferenceAsync(Slice, page.Text("#reference")!);
        Assert.That((audit.Outcome, audit.RuleId), Is.EqualTo(("no_diary_account", "R-MATCH-2")), "audited like any refusal");
    }

    [Test]
    public async Task SignIn_UserRefusesAtEsia_EsiaDeniedPage()
    {
        using var browser = new BrowserClient();

        var page = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(Slice.DemoUrl + "/login"), "confirmed-adult", grant: false);

        Assert.That(page.Text("#error-code"), Is.EqualTo("esia_denied"));
        Assert.That(page.Body, Does.Contain("Предоставить"), "the remedy tells the user to grant access next time");
    }

    [Test]
    public async Task SignIn_SeveralDiaryAccounts_ChooserThenChosenAccount()
    {
        using var browser = new BrowserClient();

        var chooser = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(Slice.DemoUrl + "/login"), "several-accounts");
        Assert.That(chooser.Document.QuerySelectorAll("button[data-account]").Select(b => b.GetAttribute("data-account")),
            Is.EquivalentTo(new[] { "d38-1006a", "d38-1006b" }), "R-MATCH-5");
        var home = await browser.SubmitAsync(chooser, "button[data-account='d38-1006b']");

        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1006b"));
    }

    [Test]
    public async Task Callback_Replayed_ShowsExpiredPageAndIssuesNothing()
    {
        using var browser = new BrowserClient();
        var login = await browser.GetAsync(Slice.DemoUrl + "/login");
        await EsiaEmulatorDriver.SignInAsync(browser, login, "confirmed-adult");
        var callback = browser.History.Last(u => u.AbsolutePath == "/signin-esia");

        var replay = await browser.GetAsync(callback.ToString());

        Assert.That(replay.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(replay.Text("#error-code"), Is.EqualTo("unknown_state"));
    }

    [Test]
    public async Task Callback_FromAnotherBrowser_RefusedEvenWithValidState()
    {
        using var victim = new BrowserClient();
        using var attacker = new BrowserClient();
        var login = await victim.GetAsync(Slice.DemoUrl + "/login");
        var access = await victim.SubmitAsync(login, "button.persona[value='confirmed-adult']");
        // Stop before following ESIA's redirect back, and deliver that callback URL in another browser.
        var grant = await SubmitWithoutFollowingAsync(victim, access);

        var page = await attacker.GetAsync(grant);

        Assert.That(page.Text("#error-code"), Is.EqualTo("browser_mismatch"));
    }

    private static async Task<string> SubmitWithoutFollowingAsync(BrowserClient browser, Page access)
    {
        string? captured = null;
        browser.RedirectRewriter = uri =>
        {
            if (uri.AbsolutePath == "/signin-esia" && captured is null)
            {
                captured = uri.ToString();
                return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"); // any plain page of the broker
            }

            return uri;
        };
        await browser.SubmitAsync(access, "button[name='decision'][value='grant']");
        browser.RedirectRewriter = null;
        return captured ?? throw new InvalidOperationException("no callback seen");
    }
}
