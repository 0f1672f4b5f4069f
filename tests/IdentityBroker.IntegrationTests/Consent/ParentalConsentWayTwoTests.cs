using System.Net;
using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Esia;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.IntegrationTests.Protocol;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using static IdentityBroker.IntegrationTests.Consent.ConsentSteps;

namespace IdentityBroker.IntegrationTests.Consent;

/// <summary>
/// Seed 003 "Способ 2" (R-CONSENT-4): the parent grants ahead of time on «Мои дети»; revocation (R-CONSENT-5) ends the
/// child's sessions and refresh tokens at once with back-channel logout; only ESIA's relation lets a parent act (R-CONSENT-6).
/// </summary>
[CancelAfter(180_000)]
public sealed class ParentalConsentWayTwoTests
{
    private SliceEnvironment _slice = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _slice = await SliceEnvironment.StartAsync();
        await ImportFamilyAsync(_slice);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _slice.DisposeAsync();

    [Test]
    public async Task Way2_Rconsent4_ParentGrantsAheadOnMyChildren_ChildSignsIn_RevocationStopsRefreshAndLogsOut_Rconsent5()
    {
        using var parent = new BrowserClient();
        Assert.That(SignedInAs(_slice, await SignInAsync(parent, _slice, "parent-two-kids")), Is.EqualTo(Father));
        var children = await parent.GetAsync(_slice.BrokerUrl + "/account/children");
        Assert.That(children.Status, Is.EqualTo(HttpStatusCode.OK), children.Body);
        Assert.That(children.Document.QuerySelectorAll("#children li").Select(li => (li.GetAttribute("data-child"), li.GetAttribute("data-status"))),
            Is.EquivalentTo(new[] { (Child10, "none"), (Child13, "none") }), "the ESIA kids matched to diary accounts");

        var granted = await parent.SubmitAsync(children, $"button[value='grant'][data-child='{Child10}']");
        Assert.That(granted.Url.AbsolutePath, Is.EqualTo("/account/children"), "303 back to the page");
        Assert.That(granted.Text("#status"), Does.StartWith("Согласие дано"));
        Assert.That(granted.Document.QuerySelector($"li[data-child='{Child10}']")!.GetAttribute("data-status"), Is.EqualTo("granted"));

        // the child signs in without ever being refused, and holds a refresh token
        var client = OidcTestClient.Confidential(_slice);
        using var childBrowser = new BrowserClient();
        var code = (await client.AuthorizeAsync(childBrowser, "child-10", new Dictionary<string, string?> { ["scope"] = TokenCalls.OfflineScope }))["code"];
        var tokens = await client.RedeemAsync(code);
        Assert.That(tokens.Status, Is.EqualTo(200), tokens.Json.ToString());
        Assert.That(new JsonWebToken(tokens.Get("id_token")).Subject, Is.EqualTo(Child10));
        Assert.That(Webhooks(_slice).Where(w => w.Child == Child10 && w.Event == "consent.requested"), Is.Empty, "way 2: no request was needed");
        _slice.LogoutReceiver.Received.Clear();

        var revoked = await parent.SubmitAsync(granted, $"button[value='revoke'][data-child='{Child10}']");
        Assert.That(revoked.Text("#status"), Does.StartWith("Согласие отозвано"));
        Assert.That(revoked.Document.QuerySelector($"li[data-child='{Child10}']")!.GetAttribute("data-status"), Is.EqualTo("none"));

        var refresh = await TokenCalls.RefreshAsync(client, tokens.Get("refresh_token")!);
        Assert.That((refresh.Status, refresh.Error), Is.EqualTo((400, "invalid_grant")), "the child's refresh fails at once");
        var logout = await _slice.LogoutReceiver.WaitForAsync(1, TimeSpan.FromSeconds(20));
        Assert.That(logout, Has.Count.EqualTo(1), "back-channel logout of the child's session");
        var logoutToken = new JsonWebToken(QueryHelpers.ParseQuery(logout[0].Body)["logout_token"].ToString());
        Assert.That(logoutToken.Subject, Is.EqualTo(Child10));
        Assert.That(logoutToken.GetClaim("sid").Value, Is.EqualTo(new JsonWebToken(tokens.Get("id_token")).GetClaim("sid").Value));

        var parentAudit = await AuditOfAsync(_slice, "1000000010");
        Assert.That(parentAudit.Any(r => r.Outcome == "revoked" && r.RuleId == "R-CONSENT-5"), Is.True);
        Assert.That(parentAudit.Any(r => r.Outcome == "revocation_effects" && r.RuleId == "R-CONSENT-5" && r.Detail!.Contains("sessions_ended=1")), Is.True);

        // and the child is refused again at the next sign-in
        using var again = new BrowserClient();
        Assert.That((await EsiaFlows.RefusalAsync(_slice, await SignInAsync(again, _slice, "child-10"))).Reason, Is.EqualTo("consent_required"));
    }

    [Test]
    public async Task NotParentInEsia_Rconsent6_DiaryParentWithoutTheChildInEsia_CannotGrant()
    {
        // Морозов С. Н. has child-10 and child-13 in ESIA; child-17 is not his (in ESIA she is Лебедева Н. В.'s)
        using var parent = new BrowserClient();
        parent.AutoContinue.Add("#requests-continue");
        Assert.That(SignedInAs(_slice, await SignInAsync(parent, _slice, "parent-two-kids")), Is.EqualTo(Father));
        var children = await parent.GetAsync(_slice.BrokerUrl + "/account/children");
        Assert.That(children.Document.QuerySelector($"li[data-child='{Child17}']"), Is.Null);

        // a forged form for a child that is not his in ESIA, with a valid antiforgery token of his own page
        var forged = await parent.SubmitAsync(Forge(children, Child17), "button#forged");
        Assert.That(forged.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(forged.Text("#error-code"), Is.EqualTo("not_parent_in_esia"));
        Assert.That(forged.Body, Does.Contain("Семья и дети"));
        Assert.That(await _slice.BrokerServices.GetRequiredService<IParentalConsentStore>().FindActiveAsync("38", Child17, CancellationToken.None), Is.Null);
        Assert.That((await AuditOfAsync(_slice, "1000000010")).Any(r => r.Outcome == "not_parent_in_esia" && r.RuleId == "R-CONSENT-6" && r.DiaryAccountId == Child17), Is.True);
    }

    [Test]
    public async Task MyChildren_WithoutBrokerSession_AsksToSignIn()
    {
        using var stranger = new BrowserClient();

        var page = await stranger.GetAsync(_slice.BrokerUrl + "/account/children");

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(page.Text("#error-code"), Is.EqualTo("sign_in_required"));
    }

    [Test]
    public async Task MyChildren_PostWithoutAntiforgeryToken_RefusedAndNothingChanges()
    {
        using var parent = new BrowserClient();
        SignedInAs(_slice, await SignInAsync(parent, _slice, "second-parent"));
        var page = await parent.GetAsync(_slice.BrokerUrl + "/account/children");
        Assert.That(page.Document.QuerySelector("input[name='__RequestVerificationToken']"), Is.Not.Null, "every form carries the token");

        var posted = await parent.SubmitAsync(page, $"button[value='grant'][data-child='{Child13}']", new Dictionary<string, string> { ["__RequestVerificationToken"] = "forged" });

        Assert.That(posted.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await _slice.BrokerServices.GetRequiredService<IParentalConsentStore>().FindActiveAsync("38", Child13, CancellationToken.None), Is.Null);
    }

    /// <summary>The page with one more form: the page's own antiforgery field, child = <paramref name="childId"/>, action = grant.</summary>
    private static Page Forge(Page page, string childId)
    {
        var antiforgery = page.Document.QuerySelector("input[name='__RequestVerificationToken']") ?? throw new AssertionException("no antiforgery field on " + page.Url);
        var field = $"<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"{antiforgery.GetAttribute("value")}\" />";
        var form = $"<form method=\"post\" action=\"/account/children\">{field}<input type=\"hidden\" name=\"child\" value=\"{childId}\" /><button id=\"forged\" name=\"action\" value=\"grant\">x</button></form>";
        return page with { Body = page.Body.Replace("</body>", form + "</body>", StringComparison.Ordinal) };
    }
}
