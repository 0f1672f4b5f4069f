using System.Net;
using System.Text.Json;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.IntegrationTests.Protocol;

/// <summary>
/// The code flow as the OpenID conformance suite checks it (../shared/docs/OIDC-CONFORMANCE.md E.3). Test names carry the
/// suite's module names where one applies.
/// </summary>
[CancelAfter(120_000)]
public sealed class AuthorizationCodeFlowTests : SliceFixture
{
    [Test]
    public async Task OidccServerBasic_CodeRedeemed_IdTokenValidAgainstJwks()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Confidential(Slice);
        var response = await client.AuthorizeAsync(browser);

        Assert.That(response["state"], Is.EqualTo(client.State), "CheckStateInAuthorizationResponse");
        Assert.That(response["iss"], Is.EqualTo(Slice.BrokerUrl), "RFC 9207 iss in the authorization response");
        var tokens = await client.RedeemAsync(response["code"]);

        Assert.That(tokens.Status, Is.EqualTo(200), tokens.Json.ToString());
        Assert.That(tokens.NoStore, Is.True, "token response must not be cached");
        Assert.That(tokens.Get("token_type"), Is.EqualTo("Bearer"));
        Assert.That(tokens.Json.GetProperty("expires_in").GetInt32(), Is.GreaterThan(0));

        var jwks = new JsonWebKeySet(await new HttpClient().GetStringAsync(Slice.BrokerUrl + "/.well-known/jwks.json"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(tokens.Get("id_token"), new TokenValidationParameters
        {
            ValidIssuer = Slice.BrokerUrl, ValidAudience = client.ClientId, IssuerSigningKeys = jwks.GetSigningKeys(),
        });
        Assert.That(result.IsValid, Is.True, result.Exception?.Message);
        var id = (JsonWebToken)result.SecurityToken;
        Assert.Multiple(() =>
        {
            Assert.That(id.Alg, Is.EqualTo("RS256"));
            Assert.That(id.Kid, Is.Not.Empty, "kid present");
            Assert.That(id.Subject, Is.EqualTo("d38-1001"));
            Assert.That(id.GetClaim("nonce").Value, Is.EqualTo(client.Nonce), "ValidateIdTokenNonce");
            Assert.That(id.GetClaim("at_hash").Value, Is.EqualTo(ProtocolHashes.AtHash(tokens.Get("access_token")!)));
            Assert.That(long.Parse(id.GetClaim("auth_time").Value, System.Globalization.CultureInfo.InvariantCulture), Is.InRange(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5));
            Assert.That(id.GetClaim("acr").Value, Is.EqualTo("urn:esia:level:confirmed"));
            Assert.That(id.TryGetClaim("snils", out _), Is.False);
            Assert.That(id.ValidTo, Is.LessThan(DateTime.UtcNow.AddYears(1)), "exp in seconds, not milliseconds");
        });

        var access = new JsonWebToken(tokens.Get("access_token"));
        Assert.That(access.Typ, Is.EqualTo("at+jwt"), "RFC 9068");
        Assert.That(access.Audiences, Is.EquivalentTo(new[] { "diary-api" }));
        Assert.That(access.GetClaim("client_id").Value, Is.EqualTo(client.ClientId));
    }

    [Test]
    public async Task OidccCodereuse_SecondRedemption_InvalidGrantAndAudited()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        var code = (await client.AuthorizeAsync(browser))["code"];

        var first = await client.RedeemAsync(code);
        var second = await client.RedeemAsync(code);

        Assert.That(first.Status, Is.EqualTo(200));
        Assert.That(second.Status, Is.EqualTo(400));
        Assert.That(second.Error, Is.EqualTo("invalid_grant"));
    }

    [Test]
    public async Task CodeRedemption_TwentyConcurrent_ExactlyOneSucceeds()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        var code = (await client.AuthorizeAsync(browser))["code"];

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.RedeemAsync(code)));

        Assert.That(results.Count(r => r.Status == 200), Is.EqualTo(1));
        Assert.That(results.Where(r => r.Status != 200).Select(r => r.Error), Is.All.EqualTo("invalid_grant"));
    }

    [Test]
    public async Task Fapi2EnsureAuthorizationCodeIsBoundToClient_OtherClient_InvalidGrant()
    {
        using var browser = new BrowserClient();
        var publicClient = OidcTestClient.Public(Slice);
        var code = (await publicClient.AuthorizeAsync(browser))["code"];

        var stolen = await publicClient.RedeemAsync(code, asClientId: SliceEnvironment.DemoClientId, asSecret: SliceEnvironment.DemoClientSecret, redirect: publicClient.RedirectUri);

        Assert.That(stolen.Error, Is.EqualTo("invalid_grant"));
        Assert.That((await publicClient.RedeemAsync(code)).Error, Is.EqualTo("invalid_grant"), "a code tried by another client is spent");
    }

    [Test]
    public async Task Fapi2IncorrectPkceCodeVerifierRejected_InvalidGrant()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        var code = (await client.AuthorizeAsync(browser))["code"];

        var wrong = await client.RedeemAsync(code, verifier: new string('a', 43));

        Assert.That(wrong.Error, Is.EqualTo("invalid_grant"));
    }

    [Test]
    public async Task TokenEndpoint_RedirectUriDiffers_InvalidGrant()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Confidential(Slice);
        var code = (await client.AuthorizeAsync(browser))["code"];

        var result = await client.RedeemAsync(code, redirect: Slice.DemoUrl + "/other");

        Assert.That(result.Error, Is.EqualTo("invalid_grant"));
    }

    [Test]
    public async Task TokenEndpoint_WrongSecret_InvalidClient401()
    {
        var client = OidcTestClient.Confidential(Slice);

        var result = await client.RedeemAsync("whatever", asSecret: "wrong");

        Assert.That(result.Status, Is.EqualTo(401));
        Assert.That(result.Error, Is.EqualTo("invalid_client"));
    }

    [Test]
    public async Task TokenEndpoint_ClientSecretPost_Works()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Confidential(Slice);
        var code = (await client.AuthorizeAsync(browser))["code"];

        var result = await client.PostTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = client.RedirectUri, ["code_verifier"] = client.Verifier,
            ["client_id"] = client.ClientId, ["client_secret"] = SliceEnvironment.DemoClientSecret,
        }, null, null);

        Assert.That(result.Status, Is.EqualTo(200), result.Json.ToString());
    }

    [Test]
    public async Task TokenEndpoint_UnsupportedGrant_Error()
    {
        var client = OidcTestClient.Public(Slice);

        var result = await client.PostTokenAsync(new Dictionary<string, string> { ["grant_type"] = "password" }, client.ClientId, null);

        Assert.That(result.Error, Is.EqualTo("unsupported_grant_type"));
    }

    [Test]
    public async Task OidccEnsureRegisteredRedirectUri_AppendedText_ErrorPageNoRedirect()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Confidential(Slice);

        var page = await browser.GetAsync(client.AuthorizeUrl(new Dictionary<string, string?> { ["redirect_uri"] = client.RedirectUri + "x" }));

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.Url.ToString(), Does.StartWith(Slice.BrokerUrl + "/connect/authorize"), "no redirect");
        Assert.That(page.Text("#error-code"), Is.EqualTo("invalid_request"));
    }

    [Test]
    public async Task Authorize_UnknownClient_ErrorPageNoRedirect()
    {
        using var browser = new BrowserClient();

        var page = await browser.GetAsync(OidcTestClient.Confidential(Slice).AuthorizeUrl(new Dictionary<string, string?> { ["client_id"] = "nope" }));

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.Text("#error-code"), Is.EqualTo("invalid_client"));
    }

    [TestCase("response_type", "token", "unsupported_response_type", TestName = "OidccResponseTypeMissing_Token_UnsupportedResponseType")]
    [TestCase("response_type", null, "invalid_request", TestName = "OidccResponseTypeMissing_Missing_InvalidRequest")]
    [TestCase("scope", "profile", "invalid_scope", TestName = "Authorize_NoOpenidScope_InvalidScope")]
    [TestCase("code_challenge", null, "invalid_request", TestName = "Fapi2EnsurePkceRequired_PublicClientWithoutChallenge_InvalidRequest")]
    [TestCase("code_challenge_method", "plain", "invalid_request", TestName = "Authorize_PlainPkce_InvalidRequest")]
    [TestCase("prompt", "none", "login_required", TestName = "OidccPromptNone_NotLoggedIn_LoginRequired")]
    public async Task Authorize_RedirectableError_ReturnedToClientWithStateAndIss(string parameter, string? value, string error)
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        browser.StopBefore = u => u.ToString().StartsWith(client.RedirectUri, StringComparison.Ordinal);

        var page = await browser.GetAsync(client.AuthorizeUrl(new Dictionary<string, string?> { [parameter] = value }));

        var q = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(page.Url.Query);
        Assert.That(page.Url.ToString(), Does.StartWith(client.RedirectUri));
        Assert.That(q["error"].ToString(), Is.EqualTo(error));
        Assert.That(q["state"].ToString(), Is.EqualTo(client.State));
        Assert.That(q["iss"].ToString(), Is.EqualTo(Slice.BrokerUrl));
        Assert.That(q["error_description"].ToString(), Does.Not.Contain("\n").And.Not.Contain("\t"));
    }

    [Test]
    public async Task OidccEnsureRequestWithUnknownParameterSucceeds()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);

        var response = await client.AuthorizeAsync(browser, overrides: new Dictionary<string, string?> { ["extra"] = "foobar" });

        Assert.That(response.ContainsKey("code"));
    }

    [Test]
    public async Task OidccMaxAge1_OldSession_ForcesEsiaAgain()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        await client.AuthorizeAsync(browser);
        Slice.Clock.Advance(TimeSpan.FromSeconds(2)); // the session is now older than max_age=1
        browser.History.Clear();

        var response = await client.AuthorizeAsync(browser, overrides: new Dictionary<string, string?> { ["max_age"] = "1" });

        Assert.That(browser.History.Any(u => u.AbsolutePath == "/aas/oauth2/v2/ac"), "re-authentication at ESIA");
        var tokens = await client.RedeemAsync(response["code"]);
        Assert.That(new JsonWebToken(tokens.Get("id_token")).TryGetClaim("auth_time", out _), "auth_time present");
    }

    [Test]
    public async Task OidccPromptNone_LoggedIn_NoUiSameSubject()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        var first = await client.RedeemAsync((await client.AuthorizeAsync(browser))["code"]);
        browser.History.Clear();

        var silent = await client.AuthorizeAsync(browser, overrides: new Dictionary<string, string?> { ["prompt"] = "none" });
        var second = await client.RedeemAsync(silent["code"]);

        Assert.That(browser.History.Any(u => u.ToString().StartsWith(Slice.EmulatorUrl, StringComparison.Ordinal)), Is.False);
        Assert.That(new JsonWebToken(second.Get("id_token")).Subject, Is.EqualTo(new JsonWebToken(first.Get("id_token")).Subject));
        Assert.That(new JsonWebToken(second.Get("id_token")).GetClaim("auth_time").Value, Is.EqualTo(new JsonWebToken(first.Get("id_token")).GetClaim("auth_time").Value));
    }

    [Test]
    public async Task FormPost_ResponseMode_AutoSubmittingFormToRedirectUri()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        await client.AuthorizeAsync(browser); // establish the session

        var page = await browser.GetAsync(client.AuthorizeUrl(new Dictionary<string, string?> { ["response_mode"] = "form_post" }));

        var form = page.Document.QuerySelector("form")!;
        Assert.That(form.GetAttribute("action"), Is.EqualTo(client.RedirectUri));
        Assert.That(page.Document.QuerySelector("input[name='code']")?.GetAttribute("value"), Is.Not.Empty);
        Assert.That(page.Document.QuerySelector("input[name='state']")?.GetAttribute("value"), Is.EqualTo(client.State));
        Assert.That(page.Headers["Cache-Control"], Does.Contain("no-store"));
    }

    [Test]
    public async Task UserInfo_GetPostAndBody_SameClaims_BadTokenRefused()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        var access = (await client.RedeemAsync((await client.AuthorizeAsync(browser))["code"])).Get("access_token")!;
        using var http = new HttpClient();

        using var get = new HttpRequestMessage(HttpMethod.Get, Slice.BrokerUrl + "/connect/userinfo") { Headers = { { "Authorization", "Bearer " + access } } };
        using var post = new HttpRequestMessage(HttpMethod.Post, Slice.BrokerUrl + "/connect/userinfo") { Content = new FormUrlEncodedContent([new("access_token", access)]) };
        using var bad = new HttpRequestMessage(HttpMethod.Get, Slice.BrokerUrl + "/connect/userinfo") { Headers = { { "Authorization", "Bearer " + access[..^4] + "AAAA" } } };
        var getResponse = await http.SendAsync(get);
        var postResponse = await http.SendAsync(post);
        var badResponse = await http.SendAsync(bad);

        Assert.That(getResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var claims = JsonDocument.Parse(await getResponse.Content.ReadAsStringAsync()).RootElement;
        Assert.That(claims.GetProperty("sub").GetString(), Is.EqualTo("d38-1001"));
        Assert.That(claims.GetProperty("given_name").GetString(), Is.EqualTo("Иван"));
        Assert.That(await postResponse.Content.ReadAsStringAsync(), Is.EqualTo(await (await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, Slice.BrokerUrl + "/connect/userinfo") { Headers = { { "Authorization", "Bearer " + access } } })).Content.ReadAsStringAsync()));
        Assert.That(badResponse.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(badResponse.Headers.WwwAuthenticate.ToString(), Does.Contain("invalid_token"));
    }

}
