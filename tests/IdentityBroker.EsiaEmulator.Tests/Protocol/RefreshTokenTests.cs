using System.Net;
using System.Text.Json.Nodes;
using IdentityBroker.EsiaEmulator.Tests.Infrastructure;

namespace IdentityBroker.EsiaEmulator.Tests.Protocol;

public sealed class RefreshTokenTests : EmulatorFixture
{
    // ESIA.md §3.3: ILI signs without the token, AIS without redirect_uri, MR suggests both.
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public async Task Refresh_KnownSigningVariant_ReturnsNewTokensAndRotatesRefreshToken(bool withRedirect, bool withToken)
    {
        var refreshToken = (string)(await Browser.GetTokensAsync(accessType: "offline"))["refresh_token"]!;

        var (status, body) = await RefreshAsync(refreshToken, withRedirect, withToken);
        var (reuse, reuseBody) = await RefreshAsync(refreshToken, withRedirect, withToken);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body["access_token"], Is.Not.Null);
            Assert.That((string?)body["refresh_token"], Is.Not.EqualTo(refreshToken).And.Not.Empty);
            Assert.That(reuse, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((string?)reuseBody["error_description"], Does.StartWith("ESIA-007011: "));
        });
    }

    [Test]
    public async Task Refresh_WrongSignature_Gets400Esia007053()
    {
        var refreshToken = (string)(await Browser.GetTokensAsync(accessType: "offline"))["refresh_token"]!;
        var form = Form(refreshToken, true, true);
        form["client_secret"] = Host.Client.SignBase64Url("unrelated");

        using var response = await Browser.Http.PostAsync("/aas/oauth2/v3/te", new FormUrlEncodedContent(form));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That((string?)body["error_description"], Does.StartWith("ESIA-007053: "));
    }

    private async Task<(HttpStatusCode, JsonObject)> RefreshAsync(string refreshToken, bool withRedirect, bool withToken)
    {
        using var response = await Browser.Http.PostAsync("/aas/oauth2/v3/te", new FormUrlEncodedContent(Form(refreshToken, withRedirect, withToken)));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private Dictionary<string, string> Form(string refreshToken, bool withRedirect, bool withToken)
    {
        var state = Guid.NewGuid().ToString();
        var timestamp = EsiaRequests.Timestamp(Host.Clock.GetUtcNow());
        var signed = EmulatorHost.ClientId + EsiaRequests.DefaultScope + timestamp + state
                     + (withRedirect ? EmulatorHost.RedirectUri : "") + (withToken ? refreshToken : "");
        var form = new Dictionary<string, string>
        {
            ["client_id"] = EmulatorHost.ClientId,
            ["refresh_token"] = refreshToken,
            ["grant_type"] = "refresh_token",
            ["client_secret"] = Host.Client.SignBase64Url(signed),
            ["client_certificate_hash"] = Host.Client.CertificateHash,
            ["state"] = state,
            ["scope"] = EsiaRequests.DefaultScope,
            ["timestamp"] = timestamp,
            ["token_type"] = "Bearer",
        };
        if (withRedirect)
        {
            form["redirect_uri"] = EmulatorHost.RedirectUri;
        }

        return form;
    }
}
