using System.Net;
using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.IntegrationTests.Logout;
using IdentityBroker.IntegrationTests.Protocol;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using static IdentityBroker.IntegrationTests.Consent.DataConsentSteps;

namespace IdentityBroker.IntegrationTests.Consent;

/// <summary>
/// R-CONSENT-1: the account page at the broker shows the consent and revokes it; revocation ends the person's sessions
/// everywhere (back-channel logout to the clients), revokes their refresh tokens at once, and the next sign-in asks again.
/// </summary>
[CancelAfter(180_000)]
public sealed class DataConsentRevocationTests : SliceFixture
{
    [SetUp]
    public void ResetReceiver()
    {
        Slice.LogoutReceiver.IsDown = false;
        Slice.LogoutReceiver.Received.Clear();
    }

    [Test]
    public async Task Rconsent1_AccountPage_ShowsConsentVersionDateClient_AndLinksToChildren()
    {
        await ForgetAsync(Slice, ConfirmedAdultOid);
        using var browser = new BrowserClient(); // clicks through the consent page
        await OidcTestClient.Confidential(Slice).AuthorizeAsync(browser);
        Assert.That(browser.AutoContinued, Has.Count.EqualTo(1), "the consent page was shown once");

        var account = await browser.GetAsync(Slice.BrokerUrl + "/account");

        Assert.That(account.Status, Is.EqualTo(HttpStatusCode.OK), account.Body);
        Assert.That(account.Headers["Cache-Control"], Does.Contain("no-store"));
        Assert.That(account.Document.DocumentElement.GetAttribute("lang"), Is.EqualTo("ru"));
        Assert.That(account.Text("#account-id"), Is.EqualTo("d38-1001"));
        Assert.That(account.Text("#account-consent-version"), Is.EqualTo("1"));
        var irkutskNow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Irkutsk"));
        Assert.That(account.Text("#account-consent-date"), Does.StartWith(irkutskNow.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture)),
            "the time of consent in the region's time zone");
        Assert.That(account.Text("#account-consent-client"), Is.Not.Empty.And.Not.EqualTo(string.Empty));
        Assert.That(account.Document.QuerySelector("#account-nav-children")?.GetAttribute("href"), Is.EqualTo("/account/children"));
        Assert.That(account.Document.QuerySelector("form#account-revoke-form input[name][type='hidden']"), Is.Not.Null, "antiforgery token");
        Assert.That(account.Body, Does.Not.Contain("112-233-445").And.Not.Contain("1000000001"));
    }

    [Test]
    public async Task Rconsent1_AccountPage_WithoutSession_ExplainsHowToGetThere()
    {
        using var browser = new BrowserClient();

        var page = await browser.GetAsync(Slice.BrokerUrl + "/account");

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Document.QuerySelector("#account-signed-out"), Is.Not.Null, page.Body);
        Assert.That(page.Text("#account-signed-out"), Does.Contain("Войти через Госуслуги").And.Contain("Управление согласием"));
        Assert.That(page.Document.QuerySelector("#account-revoke"), Is.Null);
    }

    [Test]
    public async Task Rconsent1_Revoke_EndsSessionWithBackchannelLogout_RefreshFailsAtOnce_NextSignInAsksAgain()
    {
        var mark = await ForgetAsync(Slice, ConfirmedAdultOid);
        using var browser = new BrowserClient();
        var client = OidcTestClient.Confidential(Slice);
        var code = (await client.AuthorizeAsync(browser, overrides: new Dictionary<string, string?> { ["scope"] = TokenCalls.OfflineScope }))["code"];
        var tokens = await client.RedeemAsync(code);
        Assert.That(tokens.Get("refresh_token"), Is.Not.Null, tokens.Json.ToString());
        var sid = new JsonWebToken(tokens.Get("id_token")).GetClaim("sid").Value;

        var account = await browser.GetAsync(Slice.BrokerUrl + "/account");
        var revoked = await browser.SubmitAsync(account, "#account-revoke");

        Assert.That(revoked.Status, Is.EqualTo(HttpStatusCode.OK), revoked.Body);
        Assert.That(revoked.Text("h1"), Is.EqualTo("Согласие отозвано"));
        Assert.That(revoked.Text("#account-sessions-ended"), Is.EqualTo("1"));
        Assert.That(await ActiveAsync(Slice, ConfirmedAdultOid), Is.Null);

        // The refresh token is dead at once (not after the access token's lifetime).
        var refresh = await TokenCalls.RefreshAsync(client, tokens.Get("refresh_token")!);
        Assert.That((refresh.Status, refresh.Error), Is.EqualTo((400, "invalid_grant")), refresh.Json.ToString());

        // Back-channel logout reaches the client of the session.
        var received = await Slice.LogoutReceiver.WaitForAsync(1, TimeSpan.FromSeconds(20));
        Assert.That(received, Has.Count.EqualTo(1));
        var logoutToken = new JsonWebToken(QueryHelpers.ParseQuery(received[0].Body)["logout_token"].ToString());
        Assert.That((logoutToken.Subject, logoutToken.GetClaim("sid").Value), Is.EqualTo(("d38-1001", sid)));

        var audit = await AuditAsync(Slice, ConfirmedAdultOid, AuditEventTypes.DataConsent, mark);
        Assert.That(audit.Select(a => a.Outcome), Is.EqualTo(new[] { "granted", "revoked", "revocation_effects" }), string.Join(" | ", audit.Select(a => a.Outcome + ":" + a.Detail)));
        Assert.That(audit[1].Detail, Does.Contain("consent_revoked=True"), "written with the revocation, in its transaction");
        Assert.That(audit[2].Detail, Does.Contain("consent_revoked=True").And.Contain("sessions_ended=1"));

        // The browser's broker session is gone: the account page explains how to sign in; single sign-on no longer works.
        Assert.That((await browser.GetAsync(Slice.BrokerUrl + "/account")).Document.QuerySelector("#account-signed-out"), Is.Not.Null);
        var promptNone = await LogoutSteps.PromptNoneAsync(browser, client, Slice.BrokerUrl);
        Assert.That(promptNone["error"], Is.EqualTo("login_required"));

        // The next sign-in asks again.
        using var next = StoppingBrowser();
        var page = await EsiaEmulatorDriver.SignInAsync(next, await next.GetAsync(Slice.DemoUrl + "/login"), "confirmed-adult");
        Assert.That(IsConsentPage(page), Is.True, page.Body);
        Assert.That(page.Document.QuerySelector("#data-consent-new-version"), Is.Null, "asked as at a first sign-in, not as a new version");
    }

    [Test]
    public async Task Rconsent1_Revoke_EndsTheSessionsOfEveryDiaryAccountOfThePerson()
    {
        await ForgetAsync(Slice, SeveralAccountsOid);
        var client = OidcTestClient.Confidential(Slice);
        using var staffBrowser = new BrowserClient();
        using var parentBrowser = new BrowserClient();
        await SignInAsAsync(staffBrowser, client, "d38-1006a");
        await SignInAsAsync(parentBrowser, client, "d38-1006b");

        var account = await parentBrowser.GetAsync(Slice.BrokerUrl + "/account");
        Assert.That(account.Text("#account-id"), Is.EqualTo("d38-1006b"));
        var revoked = await parentBrowser.SubmitAsync(account, "#account-revoke");

        Assert.That(revoked.Text("#account-sessions-ended"), Is.EqualTo("2"));
        Assert.That((await LogoutSteps.PromptNoneAsync(staffBrowser, client, Slice.BrokerUrl))["error"], Is.EqualTo("login_required"),
            "the staff account's session, in another browser, ended too");
        var received = await Slice.LogoutReceiver.WaitForAsync(2, TimeSpan.FromSeconds(20));
        Assert.That(received.Select(r => new JsonWebToken(QueryHelpers.ParseQuery(r.Body)["logout_token"].ToString()).Subject),
            Is.EquivalentTo(new[] { "d38-1006a", "d38-1006b" }));
    }

    [Test]
    public async Task Rconsent1_RevokeWithoutAntiforgeryToken_RussianPageConsentKept()
    {
        await ForgetAsync(Slice, ConfirmedAdultOid);
        using var browser = new BrowserClient();
        await OidcTestClient.Confidential(Slice).AuthorizeAsync(browser);
        var account = await browser.GetAsync(Slice.BrokerUrl + "/account");
        var field = account.Document.QuerySelector("form#account-revoke-form input[type='hidden']")!.GetAttribute("name")!;

        var page = await browser.SubmitAsync(account, "#account-revoke", new Dictionary<string, string> { [field] = "forged" });

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.Text("#error-code"), Is.EqualTo("account_form_invalid"));
        Assert.That(page.Text("#error p"), Does.Contain("Согласие не отозвано"));
        Assert.That(await ActiveAsync(Slice, ConfirmedAdultOid), Is.Not.Null);
        Assert.That((await browser.GetAsync(Slice.BrokerUrl + "/account")).Text("#account-id"), Is.EqualTo("d38-1001"), "still signed in");
    }

    private static async Task SignInAsAsync(BrowserClient browser, OidcTestClient client, string accountId)
    {
        browser.StopBefore = u => u.ToString().StartsWith(client.RedirectUri, StringComparison.Ordinal);
        var chooser = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(client.AuthorizeUrl()), "several-accounts");
        var redirect = await browser.SubmitAsync(chooser, $"button[data-account='{accountId}']");
        browser.StopBefore = null;
        Assert.That(redirect.Url.ToString(), Does.StartWith(client.RedirectUri), redirect.Body);
        Assert.That((await client.RedeemAsync(QueryHelpers.ParseQuery(redirect.Url.Query)["code"].ToString())).Status, Is.EqualTo(200));
    }
}
