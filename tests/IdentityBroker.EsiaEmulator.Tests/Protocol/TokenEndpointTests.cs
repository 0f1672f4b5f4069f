using System.Net;
using System.Text.Json.Nodes;
using IdentityBroker.EsiaEmulator.Tests.Infrastructure;

namespace IdentityBroker.EsiaEmulator.Tests.Protocol;

public sealed class TokenEndpointTests : EmulatorFixture
{
    [Test]
    public async Task Token_ValidExchange_ReturnsEsiaShapedResponse()
    {
        var (code, _) = await Browser.GetCodeAsync();
        var form = EsiaRequests.Token(Host, code);

        var (status, body) = await PostAsync(form);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)body["token_type"], Is.EqualTo("Bearer"));
            Assert.That(body["expires_in"]!.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.Number));
            Assert.That((int)body["expires_in"]!, Is.EqualTo(3600));
            Assert.That((string?)body["state"], Is.EqualTo(form["state"]));
            Assert.That(body["access_token"], Is.Not.Null);
            Assert.That(body["id_token"], Is.Not.Null);
            Assert.That(body.ContainsKey("refresh_token"), Is.False);
        });
    }

    [Test]
    public async Task Token_OfflineAccess_AddsRefreshToken()
    {
        var body = await Browser.GetTokensAsync(accessType: "offline");

        Assert.That((string?)body["refresh_token"], Is.Not.Empty);
    }

    [Test]
    public async Task IdToken_ConfirmedPersona_HasEsiaQuirksAndVerifiesWithEsiaCer()
    {
        var body = await Browser.GetTokensAsync("confirmed-adult");
        var cer = await Browser.Http.GetStringAsync("/public/esia.cer");
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(cer);

        var jwt = JwtParts.Parse((string)body["id_token"]!, certificate);
        var p = jwt.Payload;
        var sbj = p["urn:esia:sbj"]!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(jwt.SignatureValid, Is.True);
            Assert.That((string?)jwt.Header["alg"], Is.EqualTo("RS256"));
            Assert.That((string?)jwt.Header["typ"], Is.EqualTo("JWT"));
            Assert.That((string?)jwt.Header["sbt"], Is.EqualTo("id"));
            Assert.That((int)jwt.Header["ver"]!, Is.EqualTo(1));
            Assert.That(jwt.Header.ContainsKey("kid"), Is.False);
            Assert.That((string?)p["iss"], Is.EqualTo(EmulatorHost.Issuer));
            Assert.That((long)p["sub"]!, Is.EqualTo(1000000001));
            Assert.That((string?)p["aud"], Is.EqualTo(EmulatorHost.ClientId));
            Assert.That(p["amr"]!.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.String));
            Assert.That((string?)p["amr"], Is.EqualTo("PWD"));
            Assert.That((string?)p["acr"]!["2fa"], Is.EqualTo("otp"));
            Assert.That((long)p["exp"]! - (long)p["iat"]!, Is.EqualTo(3 * 3600));
            Assert.That(p.ContainsKey("auth_time") && p.ContainsKey("nbf") && p.ContainsKey("urn:esia:sid"), Is.True);
            Assert.That(p.ContainsKey("nonce"), Is.False);
            Assert.That((string?)sbj["urn:esia:sbj:typ"], Is.EqualTo("P"));
            Assert.That((string?)sbj["urn:esia:sbj:lvl"], Is.EqualTo("PR"));
            Assert.That((bool)sbj["urn:esia:sbj:is_tru"]!, Is.True);
            Assert.That(sbj["urn:esia:sbj:oid"]!.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.Number));
            Assert.That((long)sbj["urn:esia:sbj:oid"]!, Is.EqualTo(1000000001));
            Assert.That((string?)sbj["urn:esia:sbj:nam"], Is.EqualTo("OID.1000000001"));
        });
    }

    [TestCase("standard-adult", "P")]
    [TestCase("simplified-adult", "P")]
    [TestCase("child-10", "KD")]
    public async Task IdToken_NotConfirmedPersona_HasLevelAndNoIsTru(string persona, string level)
    {
        var body = await Browser.GetTokensAsync(persona, scope: "openid fullname");

        var sbj = JwtParts.Parse((string)body["id_token"]!, Host.SigningCertificate).Payload["urn:esia:sbj"]!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That((string?)sbj["urn:esia:sbj:lvl"], Is.EqualTo(level));
            Assert.That(sbj.ContainsKey("urn:esia:sbj:is_tru"), Is.False);
        });
    }

    [Test]
    public async Task AccessToken_Issued_HasClientIdNumericSubjectAndParameterisedScopes()
    {
        var body = await Browser.GetTokensAsync("standard-adult", scope: "fullname openid snils");

        var jwt = JwtParts.Parse((string)body["access_token"]!, Host.SigningCertificate);
        var p = jwt.Payload;

        Assert.Multiple(() =>
        {
            Assert.That(jwt.SignatureValid, Is.True);
            Assert.That((string?)jwt.Header["sbt"], Is.EqualTo("access"));
            Assert.That(jwt.Header.ContainsKey("kid"), Is.False);
            Assert.That((string?)p["client_id"], Is.EqualTo(EmulatorHost.ClientId));
            Assert.That(p.ContainsKey("aud"), Is.False);
            Assert.That(p["urn:esia:sbj_id"]!.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.Number));
            Assert.That((long)p["urn:esia:sbj_id"]!, Is.EqualTo(1000000002));
            Assert.That((string?)p["scope"], Is.EqualTo("fullname?oid=1000000002 openid snils?oid=1000000002"));
            Assert.That((string?)p["iss"], Is.EqualTo(EmulatorHost.Issuer));
            Assert.That((long)p["exp"]! - (long)p["iat"]!, Is.EqualTo(3600));
            Assert.That(p.ContainsKey("urn:esia:sid") && p.ContainsKey("nbf"), Is.True);
        });
    }

    [Test]
    public async Task Token_CodeUsedTwice_SecondGetsEsia007011()
    {
        var (code, _) = await Browser.GetCodeAsync();
        var (first, _) = await PostAsync(EsiaRequests.Token(Host, code));

        var (status, body) = await PostAsync(EsiaRequests.Token(Host, code));

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((string?)body["error"], Is.EqualTo("invalid_grant"));
            Assert.That((string?)body["error_description"], Does.StartWith("ESIA-007011: "));
        });
    }

    [Test]
    public async Task Token_WrongSignature_Gets400Esia007053AndCodeSurvives()
    {
        var (code, _) = await Browser.GetCodeAsync();
        var form = EsiaRequests.Token(Host, code);
        form["client_secret"] = Host.Client.SignBase64Url("client_id + scope + timestamp + state + redirect_uri, without the code");

        var (status, body) = await PostAsync(form);
        var (retry, _) = await PostAsync(EsiaRequests.Token(Host, code));

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((string?)body["error_description"], Does.StartWith("ESIA-007053: "));
            Assert.That((string?)body["state"], Is.EqualTo(form["state"]));
            Assert.That(retry, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Token_AcStateReused_Gets400Esia007003()
    {
        var (code, acState) = await Browser.GetCodeAsync();
        var form = EsiaRequests.Token(Host, code);
        form["state"] = acState;
        EsiaRequests.ResignToken(Host, form);

        var (status, body) = await PostAsync(form);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["error_description"], Does.StartWith("ESIA-007003: "));
    }

    [Test]
    public async Task Token_DifferentRedirectUri_Gets400Esia007011()
    {
        var (code, _) = await Browser.GetCodeAsync();

        var (status, body) = await PostAsync(EsiaRequests.Token(Host, code, redirectUri: EmulatorHost.RedirectPrefix + "other"));

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["error_description"], Does.StartWith("ESIA-007011: "));
    }

    [Test]
    public async Task Token_ExpiredCode_Gets400Esia007011()
    {
        var (code, _) = await Browser.GetCodeAsync();
        Host.Clock.Advance(TimeSpan.FromSeconds(241));

        var (status, body) = await PostAsync(EsiaRequests.Token(Host, code));

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["error_description"], Does.StartWith("ESIA-007011: "));
    }

    [Test]
    public async Task Token_StaleTimestamp_Gets400Esia007015()
    {
        var (code, _) = await Browser.GetCodeAsync();
        var form = EsiaRequests.Token(Host, code);
        form["timestamp"] = EsiaRequests.Timestamp(Host.Clock.GetUtcNow().AddMinutes(10));
        EsiaRequests.ResignToken(Host, form);

        var (_, body) = await PostAsync(form);

        Assert.That((string?)body["error_description"], Does.StartWith("ESIA-007015: "));
    }

    [Test]
    public async Task Token_MissingCertificateHash_Gets400Esia007014()
    {
        var (code, _) = await Browser.GetCodeAsync();
        var form = EsiaRequests.Token(Host, code);
        form.Remove("client_certificate_hash");

        var (_, body) = await PostAsync(form);

        Assert.That((string?)body["error_description"], Is.EqualTo("ESIA-007014: The request does not contain the mandatory parameter [client_certificate_hash]."));
    }

    [Test]
    public async Task Token_UnsupportedGrantType_Gets400Esia007012()
    {
        var form = EsiaRequests.Token(Host, "whatever");
        form["grant_type"] = "password";

        var (status, body) = await PostAsync(form);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["error_description"], Does.StartWith("ESIA-007012: "));
    }

    [Test]
    public async Task Token_UnknownCode_Gets400Esia007011()
    {
        var (status, body) = await PostAsync(EsiaRequests.Token(Host, "eyJ.not.a-code"));

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["error_description"], Does.StartWith("ESIA-007011: "));
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(Dictionary<string, string> form)
    {
        using var response = await Browser.Http.PostAsync("/aas/oauth2/v3/te", new FormUrlEncodedContent(form));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
