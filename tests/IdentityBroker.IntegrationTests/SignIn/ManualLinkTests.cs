using System.Net;
using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Esia;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.SignIn;

/// <summary>
/// R-MATCH-6 manual linking through the whole slice (emulator, broker, demo diary, PostgreSQL). Region 38 forbids password
/// sign-in (R-REGION-3), and manual linking works there all the same: it proves ownership, it is not a sign-in. Delays
/// are configured at one hour so that no assertion depends on how fast the machine is.
/// </summary>
[CancelAfter(180_000)]
public sealed class ManualLinkTests
{
    private const string FedorovaPassword = "Фёдорова-Дневник-1";
    private const string VolkovaPassword = "volkova-pass-2";
    private const string GrigorievPassword = "grigoriev-pass-3";
    private const string LebedevaPassword = "lebedeva-pass-4";
    private const string PetrovPassword = "petrov-pass-5";
    private const string MorozovaPassword = "morozova-pass-6";

    private SliceEnvironment _slice = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _slice = await SliceEnvironment.StartAsync(brokerSettings: new Dictionary<string, string?>
        {
            ["IdentityBroker:ManualLink:BaseDelay"] = "01:00:00",
            ["IdentityBroker:ManualLink:MaxDelay"] = "02:00:00",
        });
        var today = EsiaFlows.MoscowToday();
        await EsiaFlows.ImportDirectoryRowsAsync(_slice, "38",
            // diary-without-snils: the sample account d38-1007 (no SNILS), now with a password hash; staff, so no parent pages follow
            ManualLinkSteps.Row("d38-1007", "fedorova.ap", "Федорова", "Анна", "Павловна", new DateOnly(1992, 8, 8), FedorovaPassword),
            // no-diary-account, child-18, staff-parent, second-parent: name-only accounts without SNILS, for their own attempt counters
            ManualLinkSteps.Row("d38-t-volkova", "volkova.ma", "Волкова", "Мария", "Андреевна", new DateOnly(1979, 2, 3), VolkovaPassword),
            ManualLinkSteps.Row("d38-t-grigoriev", "grigoriev.no", "Григорьев", "Никита", "Олегович", today.AddYears(-18).AddDays(-10), GrigorievPassword, gender: "M"),
            ManualLinkSteps.Row("d38-t-lebedeva", "lebedeva.nv", "Лебедева", "Наталья", "Викторовна", new DateOnly(1978, 5, 5), LebedevaPassword),
            ManualLinkSteps.Row("d38-t-morozova", "morozova.ta", "Морозова", "Татьяна", "Александровна", new DateOnly(1982, 10, 22), MorozovaPassword),
            // confirmed-adult's own account (it has a SNILS): someone else's login for the tests above
            ManualLinkSteps.Row("d38-1001", "petrov.is", "Петров", "Иван", "Сергеевич", new DateOnly(1985, 3, 7), PetrovPassword, role: "parent", snils: "112-233-445 95", gender: "M"));
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _slice.DisposeAsync();

    [Test]
    public async Task ManualLink_Rmatch6_WrongThenRightPassword_LinksOnceAndSignsIn_NextSignInGoesStraightThrough_Rmatch7()
    {
        using var browser = new BrowserClient();
        var page = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(_slice.DemoUrl + "/login"), "diary-without-snils");

        // the refusal (audited, with its reference) offers the form
        Assert.That(page.Url.AbsolutePath, Is.EqualTo("/signin-esia"));
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(page.Text("h1"), Is.EqualTo("Привязать профиль дневника"));
        Assert.That(page.Text("#error-code"), Is.EqualTo("diary_snils_missing"));
        Assert.That(page.Text("#remedy"), Does.Contain("Обратитесь в школу"), "the other remedy stays");
        Assert.That(page.Document.QuerySelector("label[for='login']")?.TextContent, Is.EqualTo("Логин от электронного дневника"));
        Assert.That(page.Document.QuerySelector("input#login")?.GetAttribute("autocomplete"), Is.EqualTo("username"));
        Assert.That(page.Document.QuerySelector("input#password")?.GetAttribute("type"), Is.EqualTo("password"));
        Assert.That(page.Document.QuerySelector("input#password")?.GetAttribute("autocomplete"), Is.EqualTo("current-password"));
        var reference = page.Text("#reference")!;
        var refusal = await AuditQueries.ByReferenceAsync(_slice, reference);
        Assert.That((refusal.Outcome, refusal.RuleId), Is.EqualTo(("diary_snils_missing", "R-MATCH-6")));

        var wrong = await browser.SubmitAsync(page, "#link", new Dictionary<string, string> { ["login"] = "fedorova.ap", ["password"] = "not-the-password" });

        Assert.That(wrong.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(ManualLinkSteps.Message(wrong), Is.EqualTo((ManualLinkSteps.WrongCredentialsText + ". Проверьте раскладку клавиатуры и Caps Lock и попробуйте ещё раз.", "wrong_credentials")));
        Assert.That(wrong.Document.QuerySelector("input#login")?.GetAttribute("value"), Is.EqualTo("fedorova.ap"), "the login is kept");
        Assert.That(wrong.Document.QuerySelector("input#password")?.GetAttribute("value"), Is.Null, "the password is never echoed");
        Assert.That(await ManualLinkSteps.LinksAsync(_slice, "38", "1000000007"), Is.Empty);

        // the login is matched ignoring case and surrounding spaces
        var home = await browser.SubmitAsync(wrong, "#link", new Dictionary<string, string> { ["login"] = " Fedorova.AP ", ["password"] = FedorovaPassword });

        Assert.That(home.Url.ToString(), Does.StartWith(_slice.DemoUrl), home.Body);
        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1007"));
        var links = await ManualLinkSteps.LinksAsync(_slice, "38", "1000000007");
        Assert.That(links.Select(l => (l.DiaryAccountId, l.Method)), Is.EqualTo(new[] { ("d38-1007", LinkMethods.DiaryPassword) }));
        var attempts = await ManualLinkSteps.AttemptsAsync(_slice, reference);
        Assert.That(attempts.Select(a => (a.Outcome, a.RuleId, a.DiaryAccountId)),
            Is.EqualTo(new[] { ("wrong_credentials", "R-MATCH-6", "d38-1007"), ("success", "R-MATCH-6", "d38-1007") }));
        Assert.That(attempts.All(a => a.EsiaSubjectHash == refusal.EsiaSubjectHash && a.Detail!.StartsWith("manual_link", StringComparison.Ordinal)));
        Assert.That(string.Join("\n", attempts.Select(a => a.Detail)), Does.Not.Contain("fedorova").IgnoreCase.And.Not.Contain(FedorovaPassword));

        // R-MATCH-7: another browser, the same person: the link is used, no form
        using var later = new BrowserClient();
        var again = await EsiaEmulatorDriver.SignInAsync(later, await later.GetAsync(_slice.DemoUrl + "/login"), "diary-without-snils");
        Assert.That(again.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1007"), again.Body);
        Assert.That(later.History.Any(u => u.AbsolutePath == "/signin/link"), Is.False);
    }

    [Test]
    public async Task ManualLink_Rmatch6_ThreeWrongAttempts_FourthDelayedEvenWithTheRightPassword_FormKeptWithWaitTime()
    {
        using var browser = new BrowserClient();
        var page = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(_slice.DemoUrl + "/login"), "no-diary-account");
        Assert.That(page.Text("#error-code"), Is.EqualTo("diary_snils_missing"));
        var reference = page.Text("#reference")!;

        for (var i = 0; i < 3; i++)
        {
            page = await browser.SubmitAsync(page, "#link", new Dictionary<string, string> { ["login"] = "volkova.ma", ["password"] = "wrong-" + i });
            Assert.That(ManualLinkSteps.Message(page).Kind, Is.EqualTo("wrong_credentials"), "attempt " + (i + 1));
        }

        var delayed = await browser.SubmitAsync(page, "#link", new Dictionary<string, string> { ["login"] = "volkova.ma", ["password"] = VolkovaPassword });

        Assert.That(delayed.Status, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(delayed.Text("h1"), Is.EqualTo("Привязать профиль дневника"), "the form page, not an error page");
        Assert.That(ManualLinkSteps.Message(delayed), Is.EqualTo((
            "Слишком много попыток входа. Повторите попытку через 1 час. Если вы не помните пароль, обратитесь в школу.", "delayed")));
        Assert.That(delayed.Document.QuerySelector("input#login")?.GetAttribute("value"), Is.EqualTo("volkova.ma"));
        Assert.That(int.Parse(delayed.Headers["Retry-After"], System.Globalization.CultureInfo.InvariantCulture), Is.InRange(3000, 3600));
        Assert.That(await ManualLinkSteps.LinksAsync(_slice, "38", "1000000004"), Is.Empty, "the right password was not even checked");
        var attempts = await ManualLinkSteps.AttemptsAsync(_slice, reference);
        Assert.That(attempts.Select(a => a.Outcome), Is.EqualTo(new[] { "wrong_credentials", "wrong_credentials", "wrong_credentials", "delayed" }));
    }

    [Test]
    public async Task ManualLink_Rmatch6_TenParallelPostsOfOneForm_OneIsCheckedTheRestExpired()
    {
        using var browser = new BrowserClient();
        var page = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(_slice.DemoUrl + "/login"), "child-18");
        Assert.That(page.Text("#error-code"), Is.EqualTo("diary_snils_missing"), page.Body);
        var reference = page.Text("#reference")!;

        // Issue #12: a rendered form counts once (the claim on the transaction's step and version), so a burst of the same
        // form reaches the password check once, whatever the limiter would allow; the others get the expired page.
        var answers = await ManualLinkSteps.PostInParallelAsync(browser, page, "#manual-link-form", "grigoriev.no", "wrong", 10);

        Assert.That(answers.Select(a => a.Status), Is.All.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(answers.Count(a => a.Body.Contains("data-outcome=\"wrong_credentials\"", StringComparison.Ordinal)), Is.EqualTo(1), "one post was checked");
        Assert.That(answers.Count(a => a.Body.Contains("invalid_sign_in_form", StringComparison.Ordinal)), Is.EqualTo(9), "the others found the form used up");
        var attempts = await ManualLinkSteps.AttemptsAsync(_slice, reference);
        Assert.That(attempts.Select(a => a.Outcome), Is.EqualTo(new[] { "wrong_credentials" }), "only the checked post is an attempt");

        // The page the checked post answered is the form to go on with: whatever the burst left of the 3 free attempts
        // (R-MATCH-6 limiter) is used one after the other, then everything waits, even the right password.
        var last = await browser.SubmitAsync(page, "#link", new Dictionary<string, string> { ["login"] = "grigoriev.no", ["password"] = "wrong-again" });
        Assert.That(last.Text("#error-code"), Is.EqualTo("invalid_sign_in_form"), "the first page's form is used up");
        using var again = new BrowserClient();
        var current = await EsiaEmulatorDriver.SignInAsync(again, await again.GetAsync(_slice.DemoUrl + "/login"), "child-18");
        for (var i = 0; i < 2; i++)
        {
            current = await again.SubmitAsync(current, "#link", new Dictionary<string, string> { ["login"] = "grigoriev.no", ["password"] = "wrong-" + i });
            Assert.That(ManualLinkSteps.Message(current).Kind, Is.EqualTo("wrong_credentials"), "attempt " + (i + 2));
        }

        var right = await again.SubmitAsync(current, "#link", new Dictionary<string, string> { ["login"] = "grigoriev.no", ["password"] = GrigorievPassword });
        Assert.That(ManualLinkSteps.Message(right).Kind, Is.EqualTo("delayed"), "the right password waits too: 3 passwords checked for this person and login");
        Assert.That(await ManualLinkSteps.LinksAsync(_slice, "38", "1000000026"), Is.Empty);
    }

    [Test]
    public async Task ManualLink_Rmatch6_LoginOfAnAccountOutsideTheCandidates_SameNeutralAnswerAsAnUnknownLogin()
    {
        using var browser = new BrowserClient();
        var page = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(_slice.DemoUrl + "/login"), "staff-parent");
        Assert.That(page.Text("#error-code"), Is.EqualTo("diary_snils_missing"), page.Body);
        var reference = page.Text("#reference")!;

        // someone else's account, with its right password
        var foreign = await browser.SubmitAsync(page, "#link", new Dictionary<string, string> { ["login"] = "petrov.is", ["password"] = PetrovPassword });
        // a login nobody has
        var unknown = await browser.SubmitAsync(foreign, "#link", new Dictionary<string, string> { ["login"] = "nobody.at.all", ["password"] = PetrovPassword });

        Assert.That(foreign.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((unknown.Status, ManualLinkSteps.Message(unknown)), Is.EqualTo((foreign.Status, ManualLinkSteps.Message(foreign))), "nothing tells the two apart");
        Assert.That(ManualLinkSteps.Message(foreign).Text, Does.StartWith(ManualLinkSteps.WrongCredentialsText));
        Assert.That(await ManualLinkSteps.LinksAsync(_slice, "38", "1000000012"), Is.Empty);
        Assert.That(await ManualLinkSteps.LinksAsync(_slice, "38", "1000000001"), Is.Empty, "petrov's account was not linked to anyone");
        var attempts = await ManualLinkSteps.AttemptsAsync(_slice, reference);
        Assert.That(attempts.Select(a => (a.Outcome, a.DiaryAccountId)), Is.EqualTo(new[] { ("wrong_credentials", "d38-1001"), ("wrong_credentials", (string?)null) }),
            "the audit (not the user) records whose account was tried");

        // her own account still links
        var home = await browser.SubmitAsync(unknown, "#link", new Dictionary<string, string> { ["login"] = "lebedeva.nv", ["password"] = LebedevaPassword });
        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-t-lebedeva"), home.Body);
    }

    [Test]
    public async Task ManualLink_Rmatch6_FormPostedFromAnotherBrowserOrTampered_ExpiredPageNothingChecked()
    {
        using var browser = new BrowserClient();
        var page = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(_slice.DemoUrl + "/login"), "second-parent");
        Assert.That(page.Text("#error-code"), Is.EqualTo("diary_snils_missing"), page.Body);
        var reference = page.Text("#reference")!;
        using var otherBrowser = new BrowserClient();
        var elsewhere = await otherBrowser.SubmitAsync(page, "#link", new Dictionary<string, string> { ["login"] = "morozova.ta", ["password"] = MorozovaPassword });
        var tampered = await browser.SubmitAsync(page, "#link", new Dictionary<string, string> { ["pending"] = "AAAA" + page.Document.QuerySelector("input[name='pending']")!.GetAttribute("value"), ["login"] = "morozova.ta", ["password"] = MorozovaPassword });
        var empty = await browser.SubmitAsync(page, "#link", new Dictionary<string, string> { ["login"] = " ", ["password"] = "" });

        Assert.That((elsewhere.Status, elsewhere.Text("#error-code")), Is.EqualTo((HttpStatusCode.BadRequest, "invalid_sign_in_form")));
        Assert.That((tampered.Status, tampered.Text("#error-code")), Is.EqualTo((HttpStatusCode.BadRequest, "invalid_sign_in_form")));
        Assert.That(ManualLinkSteps.Message(empty), Is.EqualTo(("Введите логин и пароль от электронного дневника.", "missing_fields")));
        Assert.That(await ManualLinkSteps.AttemptsAsync(_slice, reference), Is.Empty, "none of these is an attempt");
    }
}
