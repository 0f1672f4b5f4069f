using System.Net;
using IdentityBroker.DemoClient.Tests.Support;

namespace IdentityBroker.DemoClient.Tests.Flow;

public sealed class SignInFlowTests : FlowTestBase
{
    [Test]
    [CancelAfter(30_000)]
    public async Task SignIn_ValidCodeResponse_RendersClaimsAndUserInfo()
    {
        using var browser = Demo.CreateBrowser();
        var request = await StartLoginAsync(browser);

        using var callback = await CompleteLoginAsync(browser, request);
        var (status, html) = await GetPageAsync(browser, "/");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(callback.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await ReadAsync(callback));
            Assert.That(callback.Headers.Location?.OriginalString, Is.EqualTo("/"));
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("Вы вошли"));
            Assert.That(HtmlPage.Claim(html, "sub"), Is.EqualTo(FakeOp.Subject));
            Assert.That(HtmlPage.Claim(html, "name"), Is.EqualTo("Иванова Мария Петровна"));
            Assert.That(HtmlPage.Claim(html, "aud"), Is.EqualTo(FakeOp.ClientId));
            Assert.That(HtmlPage.TextById(html, "userinfo"), Does.Contain("\"diary_role\": \"parent\"").And.Contain("Иванова"));
            Assert.That(HtmlPage.HasId(html, "logout"), Is.True);
            Assert.That(HtmlPage.HasId(html, "login"), Is.False);
            Assert.That(HtmlPage.HasId(html, "error"), Is.False);
            Assert.That(Op.TokenRequests, Is.EqualTo(1));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Login_Anonymous_SetsShortLivedLaxCookieAndRedirectsWithPkce()
    {
        using var browser = Demo.CreateBrowser();

        using var response = await browser.GetAsync("/login?prompt=login");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("demo.oidc=", StringComparison.Ordinal));
        var location = response.Headers.Location!.ToString();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(location, Does.StartWith(Op.Issuer + "/authorize?"));
            Assert.That(location, Does.Contain("code_challenge_method=S256").And.Contain("prompt=login").And.Contain("response_type=code"));
            Assert.That(cookie, Does.Contain("httponly").And.Contain("samesite=lax").And.Contain("path=/signin-callback").And.Contain("max-age=600"));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Callback_ErrorResponse_ShowsRussianErrorWithDescription()
    {
        using var browser = Demo.CreateBrowser();
        var request = await StartLoginAsync(browser);

        using var callback = await CallbackAsync(browser, request["redirect_uri"], new Dictionary<string, string?>
        {
            ["error"] = "access_denied", ["error_description"] = "User cancelled at ESIA", ["state"] = request["state"], ["iss"] = Op.Issuer,
        });
        var html = await ReadAsync(callback);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain("<h1>Вход не выполнен</h1>"));
            Assert.That(HtmlPage.TextById(html, "error-code"), Is.EqualTo("access_denied"));
            Assert.That(HtmlPage.TextById(html, "error-description"), Is.EqualTo("User cancelled at ESIA"));
            Assert.That(HtmlPage.TextById(html, "error"), Does.Contain("Вход отменён"));
            Assert.That(HtmlPage.HasId(html, "back"), Is.True);
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Callback_ReplayOfSuccessfulResponse_IsRefused()
    {
        using var browser = Demo.CreateBrowser();
        var request = await StartLoginAsync(browser);
        var parameters = new Dictionary<string, string?> { ["code"] = Op.IssueCode(request), ["state"] = request["state"], ["iss"] = Op.Issuer };
        using var first = await CallbackAsync(browser, request["redirect_uri"], parameters);

        using var replay = await CallbackAsync(browser, request["redirect_uri"], parameters);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(HtmlPage.TextById(await ReadAsync(replay), "error-code"), Is.EqualTo("login_state_missing"));
    }
}
