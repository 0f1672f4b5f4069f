using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdentityBroker.IntegrationTests.Interop;

/// <summary>
/// R-TOKEN-1 from the resource side: a diary API protected by Microsoft.AspNetCore.Authentication.JwtBearer 8.0.34
/// (Authority = the broker, audience diary-api, typ at+jwt) plus an RFC 7662 introspection check, accepting the broker's
/// access tokens unchanged and refusing everything else.
/// </summary>
[CancelAfter(180_000)]
public sealed class ResourceServerInteropTests : SliceFixture
{
    private DiaryApiResourceServer _api = null!;

    [OneTimeSetUp]
    public async Task StartResourceServerAsync() =>
        _api = await DiaryApiResourceServer.StartAsync(Slice.BrokerUrl, SliceEnvironment.DemoClientId, SliceEnvironment.DemoClientSecret);

    [OneTimeTearDown]
    public async Task StopResourceServerAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }

    [Test]
    public async Task JwtBearer_Rtoken1_FreshAccessToken_200WithSubAndRegion()
    {
        var tokens = await SignInAsync();

        var (status, body, challenge) = await CallApiAsync(tokens.Get("access_token"));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), $"{challenge} introspection: {_api.LastIntrospection}");
        var me = JsonDocument.Parse(body).RootElement;
        Assert.That(me.Str("sub"), Is.EqualTo("d38-1001"));
        Assert.That(me.Str("region"), Is.EqualTo(SliceEnvironment.RegionCode));
        Assert.That(_api.IntrospectionCalls, Is.GreaterThan(0), "the revocation check asked the broker");
    }

    [Test]
    public async Task JwtBearer_NoToken_401BearerChallenge()
    {
        var (status, _, challenge) = await CallApiAsync(null);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(challenge, Does.StartWith("Bearer"));
    }

    [Test]
    public async Task JwtBearer_IdTokenPresentedAsAccessToken_401()
    {
        var tokens = await SignInAsync();

        var (status, _, challenge) = await CallApiAsync(tokens.Get("id_token"));

        // typ JWT (not at+jwt, RFC 9068 §4) and aud = the client id (not diary-api): refused either way
        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(challenge, Does.Contain("invalid_token"));
    }

    [Test]
    public async Task JwtBearer_ExpiredAccessToken_401TokenExpired()
    {
        // The shortest honest route to an expired token signed by the broker: the running broker issues 3-second access
        // tokens for the duration of this test (its options are a singleton; restored below).
        var options = Slice.BrokerServices.GetRequiredService<IOptions<BrokerOptions>>().Value;
        var lifetime = options.AccessTokenLifetime;
        TokenResponse tokens;
        options.AccessTokenLifetime = TimeSpan.FromSeconds(3);
        try
        {
            tokens = await SignInAsync();
        }
        finally
        {
            options.AccessTokenLifetime = lifetime;
        }

        Assert.That(tokens.Json.GetProperty("expires_in").GetInt32(), Is.LessThanOrEqualTo(3));
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        var (status, _, challenge) = await CallApiAsync(tokens.Get("access_token"));

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(challenge, Does.Contain("invalid_token").And.Contain("expired"));
    }

    [Test]
    public async Task JwtBearer_Rtoken1_RevokedAccessToken_401()
    {
        var tokens = await SignInAsync();
        var access = tokens.Get("access_token")!;
        var before = await CallApiAsync(access);
        Assert.That(before.Status, Is.EqualTo(HttpStatusCode.OK), $"accepted before revocation; introspection: {_api.LastIntrospection}");

        using var http = new HttpClient();
        using var revoke = new HttpRequestMessage(HttpMethod.Post, Slice.BrokerUrl + "/connect/revocation")
        {
            Content = new FormUrlEncodedContent([new("token", access), new("token_type_hint", "access_token")]),
        };
        revoke.Headers.Authorization = DemoClientBasic();
        using var revoked = await http.SendAsync(revoke);
        Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.OK), "RFC 7009 §2.2: " + await revoked.Content.ReadAsStringAsync());

        var (status, _, challenge) = await CallApiAsync(access);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized), "the JWT itself is still valid: only introspection knows it is revoked");
        Assert.That(challenge, Does.StartWith("Bearer"));
        Assert.That(_api.LastIntrospection, Does.Contain("\"active\":false"));
    }

    private async Task<TokenResponse> SignInAsync()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Confidential(Slice);
        var tokens = await client.RedeemAsync((await client.AuthorizeAsync(browser))["code"]);
        Assert.That(tokens.Status, Is.EqualTo(200), tokens.Json.ToString());
        return tokens;
    }

    private async Task<(HttpStatusCode Status, string Body, string Challenge)> CallApiAsync(string? accessToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, _api.Url + "/api/me");
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.WwwAuthenticate.ToString());
    }

    private static AuthenticationHeaderValue DemoClientBasic() => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
        Uri.EscapeDataString(SliceEnvironment.DemoClientId) + ":" + Uri.EscapeDataString(SliceEnvironment.DemoClientSecret))));
}
