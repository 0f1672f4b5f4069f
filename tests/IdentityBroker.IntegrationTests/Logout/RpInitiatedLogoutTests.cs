using System.Net;
using System.Text.Json;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityBroker.IntegrationTests.Logout;

/// <summary>
/// OIDC RP-Initiated Logout 1.0 as the conformance plan <c>oidcc-rp-initiated-logout-certification-test-plan</c> checks it
/// (../shared/docs/OIDC-CONFORMANCE.md "Logout"): a redirect back only with a valid hint and a registered URI, state
/// returned, no redirect on any doubt, prompt=none failing afterwards, ESIA's logout on the way (ESIA.md §5).
/// </summary>
[CancelAfter(180_000)]
public sealed class RpInitiatedLogoutTests : SliceFixture
{
    [Test]
    public async Task OidccRpInitiatedLogout_ValidHintAndRegisteredUri_RedirectsThroughEsiaLogoutWithState()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        var idToken = await LogoutSteps.SignInAsync(browser, client);
        var startedAt = DateTimeOffset.UtcNow; // same clock as the broker (one process)

        var page = await LogoutSteps.EndSessionAsync(browser, Slice.BrokerUrl, new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken, ["post_logout_redirect_uri"] = LogoutSteps.SignedOutUri, ["state"] = "st-42", ["ui_locales"] = "ru",
        });

        Assert.That(page.Url.GetLeftPart(UriPartial.Path), Is.EqualTo(LogoutSteps.SignedOutUri), page.Body);
        Assert.That(QueryHelpers.ParseQuery(page.Url.Query)["state"].ToString(), Is.EqualTo("st-42"), "state returned on the post-logout redirect");
        var esiaLogout = browser.History.SingleOrDefault(u => u.ToString().StartsWith(Slice.EmulatorUrl + "/idp/ext/Logout", StringComparison.Ordinal));
        Assert.That(esiaLogout, Is.Not.Null, "the browser went through ESIA's logout");
        var esiaQuery = QueryHelpers.ParseQuery(esiaLogout!.Query);
        Assert.That(esiaQuery["client_id"].ToString(), Is.EqualTo(SliceEnvironment.EsiaClientId));
        Assert.That(esiaQuery["redirect_url"].ToString(), Does.StartWith(Slice.BrokerUrl + "/signout/done"), "ESIA.md §5: back under the broker's registered domain");
        Assert.That(browser.Cookies.GetCookies(new Uri(Slice.BrokerUrl)).Any(c => c.Name == LogoutSteps.SessionCookie), Is.False, "session cookie deleted");
        Assert.That(await LogoutAuditCountAsync(client.ClientId, startedAt), Is.EqualTo(1), "one audit record of the logout");
    }

    [Test]
    public async Task OidccRpInitiatedLogout_FormPost_ValidHint_RedirectsWithState()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        var idToken = await LogoutSteps.SignInAsync(browser, client);

        browser.StopBefore = u => u.ToString().StartsWith(LogoutSteps.SignedOutUri, StringComparison.Ordinal);
        var page = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, Slice.BrokerUrl + "/connect/endsession")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["id_token_hint"] = idToken, ["post_logout_redirect_uri"] = LogoutSteps.SignedOutUri, ["state"] = "p1",
            }),
        });
        browser.StopBefore = null;

        Assert.That(page.Url.ToString(), Is.EqualTo(LogoutSteps.SignedOutUri + "?state=p1"), page.Body);
        Assert.That((await LogoutSteps.PromptNoneAsync(browser, client, Slice.BrokerUrl)).GetValueOrDefault("error"), Is.EqualTo("login_required"));
    }

    [Test]
    public async Task OidccDiscoveryEndpointVerification_AdvertisesEndSessionAndBackChannelLogout()
    {
        using var http = new HttpClient();
        var doc = JsonDocument.Parse(await http.GetStringAsync(Slice.BrokerUrl + "/.well-known/openid-configuration")).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(doc.GetProperty("end_session_endpoint").GetString(), Is.EqualTo(Slice.BrokerUrl + "/connect/endsession"));
            Assert.That(doc.GetProperty("backchannel_logout_supported").GetBoolean(), Is.True);
            Assert.That(doc.GetProperty("backchannel_logout_session_supported").GetBoolean(), Is.True);
            Assert.That(doc.GetProperty("frontchannel_logout_supported").GetBoolean(), Is.False);
        });
    }

    [Test]
    public async Task OidccRpInitiatedLogout_PromptNoneAfterLogout_LoginRequiredEvenWithTheOldCookie()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        var idToken = await LogoutSteps.SignInAsync(browser, client);
        Assert.That((await LogoutSteps.PromptNoneAsync(browser, client, Slice.BrokerUrl)).ContainsKey("code"), "single sign-on works before logout");
        var cookie = LogoutSteps.SessionCookieOf(browser, Slice.BrokerUrl);
        var saved = new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain);

        await LogoutSteps.EndSessionAsync(browser, Slice.BrokerUrl, new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken, ["post_logout_redirect_uri"] = LogoutSteps.SignedOutUri,
        });
        browser.Cookies.Add(saved); // a copy of the cookie kept by an attacker or a stale tab

        var response = await LogoutSteps.PromptNoneAsync(browser, client, Slice.BrokerUrl);
        Assert.That(response.GetValueOrDefault("error"), Is.EqualTo("login_required"));
        Assert.That(response.ContainsKey("code"), Is.False);
    }

    [TestCase("http://127.0.0.1/not-registered", TestName = "OidccRpInitiatedLogoutBadPostLogoutRedirectUri_NoRedirect")]
    [TestCase(LogoutSteps.SignedOutUri + "?foo=bar", TestName = "OidccRpInitiatedLogoutModifiedPostLogoutRedirectUri_QueryAdded_NoRedirect")]
    public async Task ValidHint_RedirectUriNotRegistered_SessionEndedButNoRedirect(string redirectUri)
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        var idToken = await LogoutSteps.SignInAsync(browser, client);

        browser.StopBefore = u => u.Host == "127.0.0.1" && u.Port == 80;
        var page = await browser.GetAsync(LogoutSteps.EndSessionUrl(Slice.BrokerUrl, new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken, ["post_logout_redirect_uri"] = redirectUri, ["state"] = "s1",
        }));
        browser.StopBefore = null;

        Assert.That(browser.History.Any(u => u.Port == 80) || page.Url.Port == 80, Is.False, "never sent to the unregistered URI: " + page.Url);
        Assert.That(LogoutSteps.IsSignedOutPage(page), page.Url + "\n" + page.Body);
        Assert.That(page.Body, Does.Contain("Вы вышли из электронного дневника"));
        Assert.That((await LogoutSteps.PromptNoneAsync(browser, client, Slice.BrokerUrl)).GetValueOrDefault("error"), Is.EqualTo("login_required"),
            "the valid hint proves the client asked: the session is ended anyway");
    }

    [TestCase("alg-none", TestName = "OidccRpInitiatedLogoutBadIdTokenHint_AlgNone_ConfirmationNoRedirect")]
    [TestCase("foreign-key", TestName = "OidccRpInitiatedLogoutBadIdTokenHint_ForeignKey_ConfirmationNoRedirect")]
    [TestCase("no-hint", TestName = "OidccRpInitiatedLogoutNoIdTokenHint_ConfirmationNoRedirect")]
    [TestCase("no-hint-with-client-id", TestName = "OidccRpInitiatedLogoutNoIdTokenHint_WithClientId_ConfirmationNoRedirect")]
    public async Task NoValidHint_AsksForConfirmation_ThenSignsOutWithoutRedirect(string variant)
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        var idToken = await LogoutSteps.SignInAsync(browser, client);
        var parameters = new Dictionary<string, string?> { ["post_logout_redirect_uri"] = LogoutSteps.SignedOutUri, ["state"] = "s2" };
        switch (variant)
        {
            case "alg-none":
                parameters["id_token_hint"] = LogoutSteps.WithAlgNone(idToken);
                break;
            case "foreign-key":
                parameters["id_token_hint"] = LogoutSteps.WithForeignKey(idToken);
                break;
            case "no-hint-with-client-id":
                parameters["client_id"] = client.ClientId;
                break;
        }

        var page = await LogoutSteps.EndSessionAsync(browser, Slice.BrokerUrl, parameters);

        Assert.That(LogoutSteps.IsConfirmationPage(page), "a confirmation, not a redirect: " + page.Url + "\n" + page.Body);
        Assert.That((await LogoutSteps.PromptNoneAsync(browser, client, Slice.BrokerUrl)).ContainsKey("code"),
            "a request without a valid hint (a cross-site GET) ends nothing by itself");

        browser.StopBefore = u => u.Host == "127.0.0.1" && u.Port == 80;
        var done = await browser.SubmitAsync(page, "button#logout");
        browser.StopBefore = null;

        Assert.That(LogoutSteps.IsSignedOutPage(done), "confirmed: the signed-out page, still no redirect: " + done.Url + "\n" + done.Body);
        Assert.That(browser.History.Any(u => u.ToString().StartsWith(Slice.EmulatorUrl + "/idp/ext/Logout", StringComparison.Ordinal)), "ESIA logout too");
        Assert.That((await LogoutSteps.PromptNoneAsync(browser, client, Slice.BrokerUrl)).GetValueOrDefault("error"), Is.EqualTo("login_required"));
    }

    [Test]
    public async Task Confirmation_PostedWithoutAntiforgeryToken_Refused_SessionKept()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        await LogoutSteps.SignInAsync(browser, client);
        var page = await LogoutSteps.EndSessionAsync(browser, Slice.BrokerUrl, new Dictionary<string, string?>());
        Assert.That(LogoutSteps.IsConfirmationPage(page), page.Body);
        var pending = page.Document.QuerySelector("input[name='request']")!.GetAttribute("value")!;

        // A cross-site form: it can copy the visible fields but not the antiforgery token bound to the victim's cookie.
        var forged = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, Slice.BrokerUrl + "/connect/endsession/confirm")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["request"] = pending, ["confirm"] = "yes" }),
        });

        Assert.That(forged.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await LogoutSteps.PromptNoneAsync(browser, client, Slice.BrokerUrl)).ContainsKey("code"), "session still alive");
    }

    [Test]
    public async Task NoSession_NoHint_SignedOutPage()
    {
        using var browser = new BrowserClient();

        var page = await LogoutSteps.EndSessionAsync(browser, Slice.BrokerUrl, new Dictionary<string, string?>
        {
            ["post_logout_redirect_uri"] = LogoutSteps.SignedOutUri, ["state"] = "x",
        });

        Assert.That(LogoutSteps.IsSignedOutPage(page), page.Url + "\n" + page.Body);
        Assert.That(page.Headers.GetValueOrDefault("Cache-Control"), Does.Contain("no-store"));
    }

    [Test]
    public async Task ClientIdNotMatchingHint_ErrorPage_SessionKept()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        var idToken = await LogoutSteps.SignInAsync(browser, client);

        var page = await LogoutSteps.EndSessionAsync(browser, Slice.BrokerUrl, new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken, ["client_id"] = SliceEnvironment.DemoClientId, ["post_logout_redirect_uri"] = LogoutSteps.SignedOutUri,
        });

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest), page.Body);
        Assert.That(page.Text("#error-code"), Is.EqualTo("invalid_request"));
        Assert.That((await LogoutSteps.PromptNoneAsync(browser, client, Slice.BrokerUrl)).ContainsKey("code"), "RP-Initiated Logout §2: client_id must match the hint");
    }

    private async Task<long> LogoutAuditCountAsync(string clientId, DateTimeOffset since)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM broker.audit_records WHERE event_type = 'logout' AND client_id = @client AND at >= @since AND outcome = 'success' " +
            "AND diary_account_id = 'd38-1001' AND esia_subject_hash IS NOT NULL AND esia_subject_hash <> ''", connection);
        command.Parameters.AddWithValue("client", clientId);
        command.Parameters.AddWithValue("since", since.UtcDateTime);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
