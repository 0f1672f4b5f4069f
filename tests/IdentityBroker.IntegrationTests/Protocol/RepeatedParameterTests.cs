using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityBroker.IntegrationTests.Protocol;

/// <summary>
/// Issue #10 item 5: RFC 6749 §3.1/§3.2 — no parameter may repeat, at any protocol endpoint (one reader:
/// Protocol/RequestParameters.cs); two client authentication methods in one request are invalid_request (RFC 6749 §2.3);
/// empty 405/414 answers become JSON; exact redirect URI matching including the query (conformance
/// oidcc-redirect-uri-query-mismatch and oidcc-redirect-uri-query-added).
/// </summary>
[CancelAfter(120_000)]
public sealed class RepeatedParameterTests : SliceFixture
{
    private static readonly HttpClient Http = new(new HttpClientHandler { AllowAutoRedirect = false });

    [Test]
    public async Task Token_ClientIdTwice_OnePerClient_WithBasic_InvalidRequest_NoTokens()
    {
        // the reported attack: Basic for the demo client, the body naming the demo client and another client
        var body = "grant_type=client_credentials&client_id=" + SliceEnvironment.DemoClientId + "&client_id=" + SliceEnvironment.ServiceClientId;
        var (status, json, _) = await PostAsync("/connect/token", body, Basic(SliceEnvironment.ServiceClientId, SliceEnvironment.ServiceClientSecret));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(json.GetProperty("error").GetString(), Is.EqualTo("invalid_request"));
        Assert.That(json.GetProperty("error_description").GetString(), Does.Contain("client_id is repeated"));
        Assert.That(json.TryGetProperty("access_token", out _), Is.False);
    }

    [TestCase("/connect/token", "grant_type=client_credentials&scope=diary&scope=openid", TestName = "Rfc6749_3_2_Token_RepeatedScope_InvalidRequest")]
    [TestCase("/connect/token", "grant_type=client_credentials&grant_type=client_credentials", TestName = "Rfc6749_3_2_Token_RepeatedGrantTypeEvenSameValue_InvalidRequest")]
    [TestCase("/connect/revocation", "token=a&token=b", TestName = "Rfc7009_Revocation_RepeatedToken_InvalidRequest")]
    [TestCase("/connect/introspect", "token=a&token_type_hint=access_token&token_type_hint=refresh_token", TestName = "Rfc7662_Introspection_RepeatedHint_InvalidRequest")]
    [TestCase("/connect/par", "response_type=code&response_type=code&redirect_uri=x", TestName = "Rfc9126_Par_RepeatedResponseType_InvalidRequest")]
    public async Task RepeatedParameter_AtBackChannelEndpoint_InvalidRequestJson(string path, string body)
    {
        var (status, json, contentType) = await PostAsync(path, body, Basic(SliceEnvironment.ServiceClientId, SliceEnvironment.ServiceClientSecret));

        Assert.That(status, Is.EqualTo(400), json.ToString());
        Assert.That(contentType, Does.StartWith("application/json"));
        Assert.That(json.GetProperty("error").GetString(), Is.EqualTo("invalid_request"));
        Assert.That(json.GetProperty("error_description").GetString(), Does.Contain("is repeated"));
    }

    [Test]
    public async Task Userinfo_RepeatedAccessTokenInBody_InvalidRequest_AndTokenTwoWays_InvalidRequest()
    {
        var (status, json, _) = await PostAsync("/connect/userinfo", "access_token=a&access_token=b", null);
        var twoWays = await PostAsync("/connect/userinfo", "access_token=a", new AuthenticationHeaderValue("Bearer", "b"));

        Assert.That((status, json.GetProperty("error").GetString()), Is.EqualTo((400, "invalid_request")));
        Assert.That((twoWays.Status, twoWays.Json.GetProperty("error").GetString()), Is.EqualTo((400, "invalid_request")));
    }

    [Test]
    public async Task Authorize_RepeatedState_RedirectsInvalidRequest_RepeatedRedirectUri_ErrorPage()
    {
        var client = OidcTestClient.Public(Slice);
        var repeatedState = client.AuthorizeUrl() + "&state=second";
        var repeatedRedirect = client.AuthorizeUrl() + "&redirect_uri=" + Uri.EscapeDataString(client.RedirectUri);

        using var redirect = await Http.GetAsync(repeatedState);
        using var page = await Http.GetAsync(repeatedRedirect);

        Assert.That(redirect.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(redirect.Headers.Location!.ToString(), Does.StartWith(client.RedirectUri + "?"), "an error to the client, not on to ESIA");
        var q = QueryHelpers.ParseQuery(redirect.Headers.Location!.Query);
        Assert.That(q["error"].ToString(), Is.EqualTo("invalid_request"));
        Assert.That(q["state"].ToString(), Is.EqualTo(client.State), "the client's own (first) state, so it can match the answer");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a repeated redirect_uri is never redirected to");
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("redirect_uri"));
    }

    [Test]
    public async Task EndSession_RepeatedPostLogoutRedirectUri_ErrorPage()
    {
        using var response = await Http.GetAsync(Slice.BrokerUrl + "/connect/endsession?post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%2Fsigned-out&post_logout_redirect_uri=http%3A%2F%2Fevil.example%2F");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.Location, Is.Null);
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("is repeated"));
    }

    [Test]
    public async Task Token_BasicAndClientSecretPost_TwoMethods_InvalidRequest400()
    {
        var body = "grant_type=client_credentials&client_secret=" + SliceEnvironment.ServiceClientSecret;
        var (status, json, _) = await PostAsync("/connect/token", body, Basic(SliceEnvironment.ServiceClientId, SliceEnvironment.ServiceClientSecret));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(json.GetProperty("error").GetString(), Is.EqualTo("invalid_request"));
    }

    [Test]
    public async Task Token_BasicAndClientAssertion_TwoMethods_InvalidRequest400()
    {
        var body = "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=a.b.c";
        var (status, json, _) = await PostAsync("/connect/token", body, Basic(SliceEnvironment.ServiceClientId, SliceEnvironment.ServiceClientSecret));

        Assert.That((status, json.GetProperty("error").GetString()), Is.EqualTo((400, "invalid_request")));
    }

    [Test]
    public async Task Token_GetMethod_405WithJsonBody_AndAllowHeader()
    {
        using var response = await Http.GetAsync(Slice.BrokerUrl + "/connect/token");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), Is.EqualTo("invalid_request"));
        Assert.That(response.Content.Headers.Allow, Does.Contain("POST"));
    }

    [Test]
    public async Task Token_OverlongUri_414WithJsonBody()
    {
        using var response = await Http.PostAsync(Slice.BrokerUrl + "/connect/token?x=" + new string('a', 12_000), new StringContent(""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestUriTooLong));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), Is.EqualTo("invalid_request"));
    }

    [Test]
    public async Task OidccRedirectUriQueryMismatch_ErrorPageNoRedirect()
    {
        var client = new OidcTestClient(Slice, SliceEnvironment.PublicClientId, "http://127.0.0.1/callback?app=other");

        using var response = await Http.GetAsync(client.AuthorizeUrl());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.Location, Is.Null, "no redirect");
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("invalid_request"));
    }

    [Test]
    public async Task OidccRedirectUriQueryAdded_ErrorPageNoRedirect()
    {
        // registered without a query (http://127.0.0.1/callback); the request adds one
        var client = new OidcTestClient(Slice, SliceEnvironment.PublicClientId, "http://127.0.0.1/callback?extra=1");

        using var response = await Http.GetAsync(client.AuthorizeUrl());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.Location, Is.Null, "no redirect");
    }

    [Test]
    public async Task OidccRedirectUriQuery_ExactMatch_RedirectKeepsTheRegisteredQuery()
    {
        // the control of the two tests above: the registered URI with its query is accepted (prompt=none answers by redirect)
        var client = new OidcTestClient(Slice, SliceEnvironment.PublicClientId, SliceEnvironment.PublicClientQueryRedirect);

        using var response = await Http.GetAsync(client.AuthorizeUrl(new Dictionary<string, string?> { ["prompt"] = "none" }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var location = response.Headers.Location!.ToString();
        Assert.That(location, Does.StartWith("http://127.0.0.1/callback?app=diary&"));
        Assert.That(QueryHelpers.ParseQuery(new Uri(location).Query)["error"].ToString(), Is.EqualTo("login_required"));
    }

    private static AuthenticationHeaderValue Basic(string id, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(id) + ":" + Uri.EscapeDataString(secret))));

    private async Task<(int Status, JsonElement Json, string ContentType)> PostAsync(string path, string body, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Slice.BrokerUrl + path) { Content = new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded") };
        request.Headers.Authorization = authorization;
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? JsonDocument.Parse("{}").RootElement.Clone() : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, json, response.Content.Headers.ContentType?.ToString() ?? string.Empty);
    }
}
