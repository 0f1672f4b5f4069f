using System.Net;
using IdentityBroker.DemoClient.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace IdentityBroker.DemoClient.Tests.Flow;

public sealed class SessionFlowTests : FlowTestBase
{
    [Test]
    [CancelAfter(30_000)]
    public async Task Home_Anonymous_ShowsLoginButton()
    {
        using var browser = Demo.CreateBrowser();

        var (status, html) = await GetPageAsync(browser, "/");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("Электронный дневник (демо)"));
            Assert.That(HtmlPage.TextById(html, "login"), Is.EqualTo("Войти через Госуслуги"));
            Assert.That(HtmlPage.HasId(html, "claims"), Is.False);
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task UserInfo_Refresh_CallsTheEndpointAgain()
    {
        using var browser = await SignedInBrowserAsync();
        await GetPageAsync(browser, "/");
        var before = Op.UserInfoRequests;

        var (status, html) = await GetPageAsync(browser, "/userinfo");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Op.UserInfoRequests, Is.EqualTo(before + 1));
        Assert.That(HtmlPage.TextById(html, "userinfo"), Does.Contain(FakeOp.Subject));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task UserInfo_AccessTokenRevoked_Shows401Clearly()
    {
        using var browser = await SignedInBrowserAsync();
        Op.RevokeAccessTokens();

        var (status, html) = await GetPageAsync(browser, "/userinfo");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "the session itself is still there");
            Assert.That(html, Does.Contain("Вы вошли"));
            Assert.That(HtmlPage.HasId(html, "userinfo"), Is.False);
            Assert.That(HtmlPage.TextById(html, "error-code"), Is.EqualTo("userinfo_unauthorized"));
            Assert.That(HtmlPage.TextById(html, "error"), Does.Contain("401"));
            Assert.That(HtmlPage.TextById(html, "error-detail"), Does.Contain("invalid_token"));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task UserInfo_DifferentSubject_IsNotShown()
    {
        using var browser = await SignedInBrowserAsync();
        Op.UserInfoSubjectOverride = "someone-else";

        var (_, html) = await GetPageAsync(browser, "/");

        Assert.That(HtmlPage.HasId(html, "userinfo"), Is.False);
        Assert.That(HtmlPage.TextById(html, "error-code"), Is.EqualTo("userinfo_sub_mismatch"));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Logout_SignedIn_ClearsSessionAndRedirectsToEndSession()
    {
        using var browser = await SignedInBrowserAsync();
        var (_, before) = await GetPageAsync(browser, "/");

        using var logout = await browser.PostAsync("/logout", content: null);
        var location = logout.Headers.Location!;
        var query = QueryHelpers.ParseQuery(location.Query);
        var (_, after) = await GetPageAsync(browser, "/");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(HtmlPage.HasId(before, "logout"), Is.True);
            Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(location.GetLeftPart(UriPartial.Path), Is.EqualTo(Op.Issuer + "/logout"));
            Assert.That(query["post_logout_redirect_uri"].ToString(), Is.EqualTo(Demo.BaseUrl + "/"));
            Assert.That(query["client_id"].ToString(), Is.EqualTo(FakeOp.ClientId));
            Assert.That(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(query["id_token_hint"].ToString()).Subject, Is.EqualTo(FakeOp.Subject));
            Assert.That(HtmlPage.HasId(after, "login"), Is.True);
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task SignInAndLogout_FullRun_LogsNoTokensCodesOrState()
    {
        using var browser = Demo.CreateBrowser();
        var request = await StartLoginAsync(browser);
        var code = Op.IssueCode(request);
        using var callback = await CallbackAsync(browser, request["redirect_uri"],
            new Dictionary<string, string?> { ["code"] = code, ["state"] = request["state"], ["iss"] = Op.Issuer });
        await GetPageAsync(browser, "/");
        using var logout = await browser.PostAsync("/logout", content: null);
        var idTokenHint = QueryHelpers.ParseQuery(logout.Headers.Location!.Query)["id_token_hint"].ToString();

        var lines = Demo.Logs.Lines;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines, Has.Some.Contains("Signed in subject " + FakeOp.Subject), "the capture works");
            Assert.That(lines, Has.None.Contains(code));
            Assert.That(lines, Has.None.Contains(request["state"]));
            Assert.That(lines, Has.None.Contains(request["nonce"]));
            Assert.That(lines, Has.None.Contains(idTokenHint[..40]), "no part of the ID token");
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Login_BrokerUnreachable_ShowsDiscoveryErrorPage()
    {
        await using var demo = await DemoClientHost.StartAsync("http://127.0.0.1:9");
        using var browser = demo.CreateBrowser();

        var (status, html) = await GetPageAsync(browser, "/login");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadGateway));
            Assert.That(HtmlPage.TextById(html, "error-code"), Is.EqualTo("discovery_failed"));
            Assert.That(HtmlPage.TextById(html, "error"), Does.Contain("Сервер входа сейчас недоступен"));
            Assert.That(html, Does.Not.Contain("   at "));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public void Start_MissingClientIdAndHttpAuthority_FailsNamingTheKeys()
    {
        var ex = Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            var demo = await DemoClientHost.StartAsync("http://broker.test", s =>
            {
                s["DemoClient:ClientId"] = "";
                s["DemoClient:RequireHttpsMetadata"] = "true";
            });
            await demo.DisposeAsync();
        });

        Assert.That(ex!.Message, Does.Contain("DemoClient:ClientId").And.Contain("DemoClient:RequireHttpsMetadata"));
    }
}
