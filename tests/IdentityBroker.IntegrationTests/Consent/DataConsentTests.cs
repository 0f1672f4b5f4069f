using System.Net;
using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Server.Interaction;
using Microsoft.Extensions.DependencyInjection;
using static IdentityBroker.IntegrationTests.Consent.DataConsentSteps;

namespace IdentityBroker.IntegrationTests.Consent;

/// <summary>
/// R-CONSENT-1 end to end through the demo client, the broker and the ESIA emulator: the consent page at the first
/// sign-in, accept and decline, and the protected state of the consent form. Each test starts from "no consent".
/// </summary>
[CancelAfter(120_000)]
public sealed class DataConsentTests : SliceFixture
{
    [Test]
    public async Task Rconsent1_FirstSignIn_AsksWithVersionAndExactList_SecondSignInDoesNotAsk()
    {
        var mark = await ForgetAsync(Slice, ConfirmedAdultOid);
        using var browser = StoppingBrowser();

        var consentPage = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(Slice.DemoUrl + "/login"), "confirmed-adult");

        Assert.That(IsConsentPage(consentPage), Is.True, consentPage.Url + "\n" + consentPage.Body);
        Assert.That(consentPage.Document.DocumentElement.GetAttribute("lang"), Is.EqualTo("ru"));
        Assert.That(consentPage.Headers["Cache-Control"], Does.Contain("no-store"));
        Assert.That(consentPage.Text("h1"), Is.EqualTo("Согласие на обработку персональных данных"));
        Assert.That(consentPage.Text("#data-consent-version"), Is.EqualTo("Версия 1 от 23.11.2026"));
        Assert.That(consentPage.Document.QuerySelectorAll("#data-consent-passed li").Select(li => li.GetAttribute("data-claims")),
            Is.EqualTo(new[] { "sub", "region", "roles", "schools", "children", "family_name, given_name, middle_name, name, preferred_username", "auth_time, acr, amr, sid" }),
            "exactly what DiaryClaims/TokenFactory release (R-TOKEN-2)");
        Assert.That(consentPage.Text("#data-consent-not-passed"), Does.Contain("СНИЛС").And.Contain("Идентификатор учётной записи Госуслуг"));
        Assert.That(consentPage.Body, Does.Not.Contain("112-233-445").And.Not.Contain("1000000001").And.Not.Contain("Петров"),
            "the consent page itself shows no personal data");
        Assert.That(await ActiveAsync(Slice, ConfirmedAdultOid), Is.Null, "nothing recorded before the answer");

        var home = await browser.SubmitAsync(consentPage, AcceptButton);

        Assert.That(home.Url.ToString(), Does.StartWith(Slice.DemoUrl), string.Join("\n", browser.History));
        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1001"));
        var consent = await ActiveAsync(Slice, ConfirmedAdultOid);
        Assert.That(consent, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(consent!.TextVersion, Is.EqualTo("1"));
            Assert.That(consent.ClientId, Is.EqualTo(SliceEnvironment.DemoClientId));
            Assert.That(consent.GrantedAt, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(consent.RevokedAt, Is.Null);
        });
        var audit = await AuditAsync(Slice, ConfirmedAdultOid, AuditEventTypes.DataConsent, mark);
        Assert.That(audit.Select(a => (a.Outcome, a.Rule, a.Account, a.Client, a.Detail)),
            Is.EqualTo(new[] { ("granted", (string?)"R-CONSENT-1", (string?)"d38-1001", (string?)SliceEnvironment.DemoClientId, (string?)"version=1") }));
        Assert.That(await AuditTextAsync(Slice, ConfirmedAdultOid), Does.Not.Contain("112-233-445").And.Not.Contain("Петров").And.Not.Contain("1000000001"));

        // The second sign-in (another browser: no single sign-on) goes straight to the diary.
        using var second = StoppingBrowser();
        var again = await EsiaEmulatorDriver.SignInAsync(second, await second.GetAsync(Slice.DemoUrl + "/login"), "confirmed-adult");

        Assert.That(again.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1001"), again.Body);
        Assert.That(second.History.Any(u => u.AbsolutePath == DataConsentEndpoint.Route), Is.False, "asked once");
    }

    [Test]
    public async Task Rconsent1_AfterAccountChoice_AsksOnceForThePerson_ThenEntersTheChosenAccount()
    {
        await ForgetAsync(Slice, SeveralAccountsOid);
        using var browser = StoppingBrowser();
        var chooser = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(Slice.DemoUrl + "/login"), "several-accounts");

        var consentPage = await browser.SubmitAsync(chooser, "button[data-account='d38-1006a']");
        Assert.That(IsConsentPage(consentPage), Is.True, consentPage.Body);
        var home = await browser.SubmitAsync(consentPage, AcceptButton);

        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1006a"));
        Assert.That((await ActiveAsync(Slice, SeveralAccountsOid))?.TextVersion, Is.EqualTo("1"));

        // The consent is the person's, not the account's: the other account of the same person is not asked again.
        using var other = StoppingBrowser();
        var chooserAgain = await EsiaEmulatorDriver.SignInAsync(other, await other.GetAsync(Slice.DemoUrl + "/login"), "several-accounts");
        var otherHome = await other.SubmitAsync(chooserAgain, "button[data-account='d38-1006b']");
        Assert.That(otherHome.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1006b"), otherHome.Body);
        Assert.That(other.History.Any(u => u.AbsolutePath == DataConsentEndpoint.Route), Is.False, "asked once per person");
    }

    [Test]
    public async Task Rconsent1_Decline_RefusalPageAuditedAndAccessDeniedToTheClient()
    {
        var mark = await ForgetAsync(Slice, ConfirmedAdultOid);
        using var browser = StoppingBrowser();
        var consentPage = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(Slice.DemoUrl + "/login"), "confirmed-adult");

        var refusal = await browser.SubmitAsync(consentPage, DeclineButton);

        Assert.That(refusal.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(refusal.Text("#error-code"), Is.EqualTo(Server.Interaction.Steps.DataConsentStep.DeclinedReason));
        Assert.That(refusal.Text("h1"), Is.EqualTo("Вход без согласия невозможен"));
        Assert.That(refusal.Text("#remedy"), Does.Contain("Даю согласие"));
        var reference = refusal.Text("#reference");
        Assert.That(reference, Does.Match("^[0-9A-Z]{4}-[0-9A-Z]{4}$"));
        var signIn = await AuditQueries.ByReferenceAsync(Slice, reference!);
        Assert.That((signIn.EventType, signIn.Outcome, signIn.RuleId, signIn.DiaryAccountId), Is.EqualTo((AuditEventTypes.SignIn, Server.Interaction.Steps.DataConsentStep.DeclinedReason, "R-CONSENT-1", "d38-1001")));
        Assert.That(signIn.PersonSnilsHash, Is.Not.Null, "staff can find the decline by SNILS (R-ERR-1)");
        var consentAudit = await AuditAsync(Slice, ConfirmedAdultOid, AuditEventTypes.DataConsent, mark);
        Assert.That(consentAudit.Select(a => (a.Outcome, a.Detail)), Is.EqualTo(new[] { ("declined", (string?)"version=1") }));
        Assert.That(await ActiveAsync(Slice, ConfirmedAdultOid), Is.Null, "a refusal records no consent");
        Assert.That(browser.Cookies.GetCookies(new Uri(Slice.BrokerUrl)).Any(c => c.Name == "ib.session"), Is.False, "no broker session");

        var back = await browser.GetAsync(refusal.Document.QuerySelector("#return")!.GetAttribute("href")!);

        Assert.That(back.Url.ToString(), Does.StartWith(Slice.DemoUrl));
        Assert.That(back.Text("#error-code"), Is.EqualTo("access_denied"));
    }

    /// <summary>
    /// Fix (issue #12): a form_post client also gets access_denied after a refusal. "Вернуться в электронный дневник" is a
    /// form posted to the redirect URI with error, error_description, state and iss (before, form_post clients got no way back).
    /// </summary>
    [Test]
    public async Task Rconsent1_DeclineByFormPostClient_ReturnPostsAccessDeniedWithState()
    {
        await ForgetAsync(Slice, ConfirmedAdultOid);
        using var browser = StoppingBrowser();
        var client = OidcTestClient.Public(Slice);
        var consentPage = await EsiaEmulatorDriver.SignInAsync(
            browser, await browser.GetAsync(client.AuthorizeUrl(new Dictionary<string, string?> { ["response_mode"] = "form_post" })), "confirmed-adult");
        Assert.That(IsConsentPage(consentPage), Is.True, consentPage.Url + "\n" + consentPage.Body);

        var refusal = await browser.SubmitAsync(consentPage, DeclineButton);

        Assert.That(refusal.Text("#error-code"), Is.EqualTo(Server.Interaction.Steps.DataConsentStep.DeclinedReason));
        var back = refusal.Document.QuerySelector("form#return-form");
        Assert.That(back, Is.Not.Null, refusal.Body);
        Assert.That((back!.GetAttribute("method"), back.GetAttribute("action")), Is.EqualTo(("post", client.RedirectUri)));
        Assert.That(back.QuerySelectorAll("input[type='hidden']").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value")),
            Is.EquivalentTo(new Dictionary<string, string?>
            {
                ["error"] = "access_denied", ["error_description"] = Server.Interaction.Steps.DataConsentStep.DeclinedReason, ["state"] = client.State, ["iss"] = Slice.BrokerUrl,
            }));
        Assert.That(back.QuerySelector("button#return")?.TextContent.Trim(), Is.EqualTo("Вернуться в электронный дневник"));
    }

    [Test]
    public async Task Rconsent1_ConsentPostWithTamperedState_RussianPageNothingRecorded()
    {
        await ForgetAsync(Slice, ConfirmedAdultOid);
        using var browser = StoppingBrowser();
        var consentPage = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(Slice.DemoUrl + "/login"), "confirmed-adult");
        var state = consentPage.Document.QuerySelector("input[name='consent']")!.GetAttribute("value")!;
        var tampered = state[..20] + (state[20] == 'A' ? 'B' : 'A') + state[21..];

        var page = await browser.SubmitAsync(consentPage, AcceptButton, new Dictionary<string, string> { ["consent"] = tampered });

        AssertExpiredPage(page);
        Assert.That(await ActiveAsync(Slice, ConfirmedAdultOid), Is.Null);
    }

    [Test]
    public async Task Rconsent1_ConsentPostFromAnotherBrowser_RussianPageNothingRecorded_OwnerCanStillAnswer()
    {
        await ForgetAsync(Slice, ConfirmedAdultOid);
        using var owner = StoppingBrowser();
        using var attacker = StoppingBrowser();
        var consentPage = await EsiaEmulatorDriver.SignInAsync(owner, await owner.GetAsync(Slice.DemoUrl + "/login"), "confirmed-adult");

        var page = await attacker.SubmitAsync(consentPage, AcceptButton);

        AssertExpiredPage(page);
        Assert.That(await ActiveAsync(Slice, ConfirmedAdultOid), Is.Null);
        Assert.That(attacker.Cookies.GetCookies(new Uri(Slice.BrokerUrl)).Any(c => c.Name == "ib.session"), Is.False);

        var home = await owner.SubmitAsync(consentPage, AcceptButton);
        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1001"), "the other browser's attempt did not use the state up");
    }

    [Test]
    public async Task Rconsent1_ConsentPostWithExpiredState_RussianPageNothingRecorded()
    {
        await ForgetAsync(Slice, ConfirmedAdultOid);
        using var browser = StoppingBrowser();
        var consentPage = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(Slice.DemoUrl + "/login"), "confirmed-adult");
        // The consent page waits 15 minutes (SignInInteraction.LifetimeAt); the broker's clock moves past that.
        Slice.Clock.Advance(TimeSpan.FromMinutes(16));
        Page page;
        try
        {
            page = await browser.SubmitAsync(consentPage, AcceptButton);
        }
        finally
        {
            Slice.Clock.Advance(TimeSpan.FromMinutes(-16)); // ESIA refuses requests from a broker whose clock is off (ESIA-007015)
        }

        AssertExpiredPage(page);
        Assert.That(await ActiveAsync(Slice, ConfirmedAdultOid), Is.Null);
    }

    [Test]
    public async Task Rconsent1_ConsentPostReplayed_SecondAnswerRefused_OneConsentOneSession()
    {
        var mark = await ForgetAsync(Slice, ConfirmedAdultOid);
        using var browser = StoppingBrowser();
        var consentPage = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(Slice.DemoUrl + "/login"), "confirmed-adult");
        await browser.SubmitAsync(consentPage, AcceptButton);

        var replay = await browser.SubmitAsync(consentPage, DeclineButton);

        AssertExpiredPage(replay);
        Assert.That((await ActiveAsync(Slice, ConfirmedAdultOid))?.TextVersion, Is.EqualTo("1"), "the first answer stands");
        var audit = await AuditAsync(Slice, ConfirmedAdultOid, AuditEventTypes.DataConsent, mark);
        Assert.That(audit.Select(a => a.Outcome), Is.EqualTo(new[] { "granted" }), "single-use state: one answer recorded");
    }

    [Test]
    public async Task Rconsent1_ConsentPostWithoutDecision_RussianPageStateNotUsedUp()
    {
        await ForgetAsync(Slice, ConfirmedAdultOid);
        using var browser = StoppingBrowser();
        var consentPage = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(Slice.DemoUrl + "/login"), "confirmed-adult");
        var state = consentPage.Document.QuerySelector("input[name='consent']")!.GetAttribute("value")!;

        var page = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, Slice.BrokerUrl + DataConsentEndpoint.Route)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["consent"] = state, ["decision"] = "maybe" }),
        });

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.Text("#error-code"), Is.EqualTo("invalid_consent_decision"));
        Assert.That(await ActiveAsync(Slice, ConfirmedAdultOid), Is.Null);
        var home = await browser.SubmitAsync(consentPage, AcceptButton);
        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1001"));
    }

    [Test]
    public async Task Rconsent1_ConsentGet_NotAllowed()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(Slice.BrokerUrl + DataConsentEndpoint.Route);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    private static void AssertExpiredPage(Page page)
    {
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest), page.Body);
        Assert.That(page.Text("#error-code"), Is.EqualTo("invalid_consent_state"));
        Assert.That(page.Text("h1"), Is.EqualTo("Страница согласия устарела"));
        Assert.That(page.Text("#error p"), Does.Contain("Ваше решение не сохранено"));
        Assert.That(page.Document.DocumentElement.GetAttribute("lang"), Is.EqualTo("ru"));
    }
}
