using System.Net;
using System.Text.Json;
using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Dpop;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Server.Protocol.Validation;
using IdentityBroker.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityBroker.IntegrationTests.Par;

/// <summary>
/// Pushed authorization requests (RFC 9126) as the FAPI 2 plans check them (../shared/docs/OIDC-CONFORMANCE.md E.2):
/// single use, client-bound, short-lived, required where the client is registered so.
/// </summary>
[CancelAfter(120_000)]
public sealed class PushedAuthorizationTests : SliceFixture
{
    [Test]
    public async Task Fapi2Par_DpopBoundPushedRequest_SignInTokenAndUserInfoWithDpop()
    {
        using var browser = new BrowserClient();
        using var key = new DpopKey();
        var app = new ParClient(Slice);

        var pushed = await app.PushAsync(key.Proof("POST", app.ParUrl));
        Assert.That(pushed.Status, Is.EqualTo(201), pushed.Json.ToString());
        Assert.That(pushed.NoStore, Is.True);
        Assert.That(pushed.Get("request_uri"), Does.StartWith("urn:ietf:params:oauth:request_uri:"));
        Assert.That(pushed.Json.GetProperty("expires_in").GetInt32(), Is.EqualTo(60));

        var response = await app.AuthorizeAsync(browser, pushed.Get("request_uri")!);
        Assert.That(response["state"], Is.EqualTo(app.Oidc.State), "the pushed state comes back");
        Assert.That(response["iss"], Is.EqualTo(Slice.BrokerUrl));

        var tokens = await app.RedeemAsync(response["code"], key.Proof("POST", app.TokenUrl));
        Assert.That(tokens.Status, Is.EqualTo(200), tokens.Json.ToString());
        var access = tokens.Get("access_token")!;
        Assert.That(tokens.Get("token_type"), Is.EqualTo("DPoP"), "RFC 9449 §5");
        Assert.That(JsonDocument.Parse(new JsonWebToken(access).GetClaim("cnf").Value).RootElement.GetProperty("jkt").GetString(), Is.EqualTo(key.Jkt), "RFC 9449 §6.1");
        Assert.That(new JsonWebToken(tokens.Get("id_token")).GetClaim("nonce").Value, Is.EqualTo(app.Oidc.Nonce));

        var userInfo = await DpopHttp.UserInfoAsync(Slice.BrokerUrl, "DPoP", access, key.Proof("GET", Slice.BrokerUrl + "/connect/userinfo", access));
        Assert.That(userInfo.Status, Is.EqualTo(200), userInfo.Challenge);
        Assert.That(JsonDocument.Parse(userInfo.Body).RootElement.GetProperty("sub").GetString(), Is.EqualTo("d38-1001"));
    }

    [Test]
    public async Task Fapi2ParAttemptReuseRequestUri_SecondUse_ErrorPageNoRedirect()
    {
        using var browser = new BrowserClient();
        var app = new ParClient(Slice, SliceEnvironment.PublicClientId);
        var requestUri = (await app.PushAsync()).Get("request_uri")!;

        var first = await browser.GetAsync(app.AuthorizeUrl(requestUri));
        var second = await browser.GetAsync(app.AuthorizeUrl(requestUri));

        Assert.That(first.Body, Does.Contain("Вход на Госуслуги"), "first use goes on to ESIA");
        AssertErrorPage(second, "invalid_request_uri");
    }

    [Test]
    public async Task Par_RequestUriOfAnotherClient_ErrorPage()
    {
        using var browser = new BrowserClient();
        var app = new ParClient(Slice);
        var requestUri = (await app.PushAsync()).Get("request_uri")!;

        var page = await browser.GetAsync(app.AuthorizeUrl(requestUri, asClientId: SliceEnvironment.PublicClientId));

        AssertErrorPage(page, "invalid_request_uri");
    }

    [Test]
    public async Task Par_ExpiredRequestUri_ErrorPage()
    {
        using var browser = new BrowserClient();
        var app = new ParClient(Slice, SliceEnvironment.PublicClientId);
        var request = new IdentityBroker.Core.Protocol.AuthorizationRequest(
            app.ClientId, ParClient.RedirectUri, "openid", "s", null, app.Oidc.Challenge, "S256", "query", null, null, null, null, SliceEnvironment.RegionCode);
        var requestUri = PushedRequestUri.New();
        await Slice.BrokerServices.GetRequiredService<IPushedRequestStore>()
            .SaveAsync(PushedRequestUri.Hash(requestUri)!, request, null, DateTimeOffset.UtcNow.AddSeconds(-1), CancellationToken.None);

        var page = await browser.GetAsync(app.AuthorizeUrl(requestUri));

        AssertErrorPage(page, "invalid_request_uri");
    }

    [Test]
    public async Task Par_ClientRequiringPar_FrontChannelRequest_InvalidRequest()
    {
        using var browser = new BrowserClient();
        var client = new ParClient(Slice).Oidc;
        browser.StopBefore = u => u.ToString().StartsWith(client.RedirectUri, StringComparison.Ordinal);

        var page = await browser.GetAsync(client.AuthorizeUrl());

        var q = QueryHelpers.ParseQuery(page.Url.Query);
        Assert.That(page.Url.ToString(), Does.StartWith(client.RedirectUri));
        Assert.That(q["error"].ToString(), Is.EqualTo("invalid_request"));
        Assert.That(q["state"].ToString(), Is.EqualTo(client.State));
    }

    [TestCase("redirect_uri", "http://127.0.0.1/other", "invalid_request", TestName = "Par_UnregisteredRedirectUri_JsonInvalidRequest")]
    [TestCase("code_challenge", null, "invalid_request", TestName = "Fapi2EnsurePkceRequired_Par_JsonInvalidRequest")]
    [TestCase("request_uri", "urn:ietf:params:oauth:request_uri:x", "invalid_request", TestName = "Par_RequestUriPushed_JsonInvalidRequest")]
    [TestCase("scope", "openid admin", "invalid_scope", TestName = "Par_ScopeNotAllowed_JsonInvalidScope")]
    [TestCase("dpop_jkt", "short", "invalid_request", TestName = "Par_MalformedDpopJkt_JsonInvalidRequest")]
    public async Task Par_InvalidParameter_JsonErrorNotRedirect(string parameter, string? value, string error)
    {
        var result = await new ParClient(Slice).PushAsync(overrides: new Dictionary<string, string?> { [parameter] = value });

        Assert.That(result.Status, Is.EqualTo(400), result.Json.ToString());
        Assert.That(result.Error, Is.EqualTo(error));
    }

    [Test]
    public async Task Par_ConfidentialClientWrongSecret_InvalidClient401()
    {
        var form = new Dictionary<string, string>
        {
            ["client_id"] = SliceEnvironment.DemoClientId, ["client_secret"] = "wrong", ["redirect_uri"] = Slice.DemoUrl + "/signin-callback",
            ["response_type"] = "code", ["scope"] = "openid",
        };

        var result = await DpopHttp.PostFormAsync(Slice.BrokerUrl + "/connect/par", form, null);

        Assert.That(result.Status, Is.EqualTo(401));
        Assert.That(result.Error, Is.EqualTo("invalid_client"));
    }

    [Test]
    public async Task Par_PrivateKeyJwtClient_AuthenticatedAsAtTokenEndpoint_Created()
    {
        var parUrl = Slice.BrokerUrl + "/connect/par";
        var assertion = new JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = SliceEnvironment.PrivateKeyJwtClientId,
            Audience = parUrl,
            Expires = DateTime.UtcNow.AddMinutes(1),
            Claims = new Dictionary<string, object> { ["sub"] = SliceEnvironment.PrivateKeyJwtClientId, ["jti"] = Guid.NewGuid().ToString("N") },
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.RsaSecurityKey(Slice.PrivateKeyJwtKey) { KeyId = "pkjwt-1" }, "RS256"),
        });
        var form = new Dictionary<string, string>
        {
            ["client_id"] = SliceEnvironment.PrivateKeyJwtClientId, ["redirect_uri"] = "http://127.0.0.1/pkjwt-callback", ["response_type"] = "code",
            ["scope"] = "openid", ["code_challenge"] = new string('A', 43), ["code_challenge_method"] = "S256", ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", ["client_assertion"] = assertion,
        };

        var result = await DpopHttp.PostFormAsync(parUrl, form, null);

        Assert.That(result.Status, Is.EqualTo(201), result.Json.ToString());
    }

    [Test]
    public async Task Par_DpopJktDiffersFromProofKey_InvalidDpopProof()
    {
        using var key = new DpopKey();
        using var other = new DpopKey();
        var app = new ParClient(Slice);

        var result = await app.PushAsync(key.Proof("POST", app.ParUrl), new Dictionary<string, string?> { ["dpop_jkt"] = other.Jkt });

        Assert.That(result.Status, Is.EqualTo(400));
        Assert.That(result.Error, Is.EqualTo("invalid_dpop_proof"));
    }

    [Test]
    public async Task Par_InvalidProofAtPar_InvalidDpopProof()
    {
        using var key = new DpopKey();
        var app = new ParClient(Slice);

        var result = await app.PushAsync(key.Proof("POST", app.TokenUrl));

        Assert.That(result.Error, Is.EqualTo("invalid_dpop_proof"), "htu of another endpoint");
    }

    [Test]
    public async Task Discovery_AdvertisesParAndDpop()
    {
        using var http = new HttpClient();
        var doc = JsonDocument.Parse(await http.GetStringAsync(Slice.BrokerUrl + "/.well-known/openid-configuration")).RootElement;

        Assert.That(doc.GetProperty("pushed_authorization_request_endpoint").GetString(), Is.EqualTo(Slice.BrokerUrl + "/connect/par"));
        Assert.That(doc.GetProperty("require_pushed_authorization_requests").GetBoolean(), Is.False);
        Assert.That(doc.GetProperty("dpop_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()), Is.EquivalentTo(new[] { "ES256", "RS256", "PS256" }));
    }

    private void AssertErrorPage(Page page, string error)
    {
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.Url.ToString(), Does.StartWith(Slice.BrokerUrl + "/connect/authorize"), "no redirect");
        Assert.That(page.Text("#error-code"), Is.EqualTo(error));
    }
}
