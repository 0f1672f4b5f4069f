using System.Net;
using IdentityBroker.DemoClient.Tests.Support;

namespace IdentityBroker.DemoClient.Tests.Flow;

/// <summary>Authorization responses and ID tokens the client must refuse.</summary>
public sealed class CallbackRejectionTests : FlowTestBase
{
    [Test]
    [CancelAfter(30_000)]
    public async Task Callback_WrongState_IsRefusedWithoutRedeemingTheCode()
    {
        using var browser = Demo.CreateBrowser();
        var request = await StartLoginAsync(browser);

        using var callback = await CallbackAsync(browser, request["redirect_uri"], new Dictionary<string, string?>
        {
            ["code"] = Op.IssueCode(request), ["state"] = "forged-state", ["iss"] = Op.Issuer,
        });
        var html = await ReadAsync(callback);
        var (_, home) = await GetPageAsync(browser, "/");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(callback.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(html, Does.Contain("Вход не выполнен"));
            Assert.That(HtmlPage.TextById(html, "error-code"), Is.EqualTo("state_mismatch"));
            Assert.That(Op.TokenRequests, Is.Zero);
            Assert.That(HtmlPage.HasId(home, "login"), Is.True, "no session may be created");
        }
    }

    [TestCase("nonce", "x-other-nonce", "nonce")]
    [TestCase("aud", "another-client", "audience")]
    [TestCase("iss", "http://evil.example", "issuer")]
    [TestCase("exp", 1_000_000_000L, "expired")]
    [CancelAfter(30_000)]
    public async Task Callback_IdTokenClaimTampered_IsRefused(string claim, object value, string detailWord)
    {
        Op.TweakIdToken = claims => claims[claim] = value;
        using var browser = Demo.CreateBrowser();

        using var callback = await CompleteLoginAsync(browser, await StartLoginAsync(browser));
        var html = await ReadAsync(callback);
        var (_, home) = await GetPageAsync(browser, "/");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(callback.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(HtmlPage.TextById(html, "error-code"), Is.EqualTo("invalid_id_token"));
            Assert.That(HtmlPage.TextById(html, "error-detail"), Does.Contain(detailWord));
            Assert.That(html, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(HtmlPage.HasId(home, "login"), Is.True);
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Callback_IdTokenSignedWithForeignKey_IsRefused()
    {
        Op.SignIdTokenWith = new Microsoft.IdentityModel.Tokens.RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "op-key-1" };
        using var browser = Demo.CreateBrowser();

        using var callback = await CompleteLoginAsync(browser, await StartLoginAsync(browser));
        var html = await ReadAsync(callback);

        Assert.That(HtmlPage.TextById(html, "error-code"), Is.EqualTo("invalid_id_token"));
        Assert.That(HtmlPage.TextById(html, "error-detail"), Does.Contain("signature"));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Callback_AccessTokenTypedJwtAsIdToken_IsRefused()
    {
        Op.IdTokenType = "at+jwt";
        using var browser = Demo.CreateBrowser();

        using var callback = await CompleteLoginAsync(browser, await StartLoginAsync(browser));
        var html = await ReadAsync(callback);

        Assert.That(HtmlPage.TextById(html, "error-code"), Is.EqualTo("invalid_id_token"));
        Assert.That(HtmlPage.TextById(html, "error-detail"), Does.Contain("at+jwt"));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Callback_IssFromAnotherServer_IsRefusedWithoutRedeemingTheCode()
    {
        using var browser = Demo.CreateBrowser();
        var request = await StartLoginAsync(browser);

        using var callback = await CallbackAsync(browser, request["redirect_uri"], new Dictionary<string, string?>
        {
            ["code"] = Op.IssueCode(request), ["state"] = request["state"], ["iss"] = "http://evil.example",
        });
        var html = await ReadAsync(callback);

        Assert.That(HtmlPage.TextById(html, "error-code"), Is.EqualTo("issuer_mismatch"));
        Assert.That(Op.TokenRequests, Is.Zero);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Callback_CodeRejectedByTokenEndpoint_ShowsTheOpError()
    {
        using var browser = Demo.CreateBrowser();
        var request = await StartLoginAsync(browser);

        using var callback = await CallbackAsync(browser, request["redirect_uri"], new Dictionary<string, string?>
        {
            ["code"] = "never-issued", ["state"] = request["state"], ["iss"] = Op.Issuer,
        });
        var html = await ReadAsync(callback);

        Assert.That(callback.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(HtmlPage.TextById(html, "error-code"), Is.EqualTo("invalid_grant"));
    }
}
