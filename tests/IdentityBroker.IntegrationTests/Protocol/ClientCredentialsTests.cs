using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityBroker.IntegrationTests.Protocol;

/// <summary>client_credentials (RFC 6749 §4.4) for the region's service client; refused to clients without the grant.</summary>
[CancelAfter(120_000)]
public sealed class ClientCredentialsTests : SliceFixture
{
    private OidcTestClient Service => new(Slice, SliceEnvironment.ServiceClientId, "http://unused", SliceEnvironment.ServiceClientSecret);

    [Test]
    public async Task ClientCredentials_ServiceClient_AccessTokenForItself_NoIdOrRefreshToken()
    {
        var result = await Service.PostTokenAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, SliceEnvironment.ServiceClientId, SliceEnvironment.ServiceClientSecret);

        Assert.That(result.Status, Is.EqualTo(200), result.Json.ToString());
        Assert.That(result.NoStore, Is.True);
        Assert.That(result.Get("token_type"), Is.EqualTo("Bearer"));
        Assert.That(result.Get("scope"), Is.EqualTo("diary"), "every allowed scope except openid");
        Assert.That(result.Json.TryGetProperty("id_token", out _), Is.False);
        Assert.That(result.Json.TryGetProperty("refresh_token", out _), Is.False, "RFC 6749 §4.4.3");
        var access = new JsonWebToken(result.Get("access_token"));
        Assert.Multiple(() =>
        {
            Assert.That(access.Typ, Is.EqualTo("at+jwt"));
            Assert.That(access.Subject, Is.EqualTo(SliceEnvironment.ServiceClientId), "RFC 9068 §2.2: sub is the client");
            Assert.That(access.GetClaim("client_id").Value, Is.EqualTo(SliceEnvironment.ServiceClientId));
            Assert.That(access.TryGetClaim("sid", out _), Is.False);
            Assert.That(access.TryGetClaim("auth_time", out _), Is.False);
        });

        var introspection = await TokenCalls.IntrospectAsync(Slice, result.Get("access_token")!, SliceEnvironment.ServiceClientId, SliceEnvironment.ServiceClientSecret);
        Assert.That(introspection.Active(), Is.True, "a client_credentials token has no session and stays active");
        Assert.That(introspection.Get("sub"), Is.EqualTo(SliceEnvironment.ServiceClientId));
    }

    [Test]
    public async Task ClientCredentials_OpenidScope_InvalidScope()
    {
        var result = await Service.PostTokenAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "openid diary" }, SliceEnvironment.ServiceClientId, SliceEnvironment.ServiceClientSecret);

        Assert.That(result.Status, Is.EqualTo(400));
        Assert.That(result.Error, Is.EqualTo("invalid_scope"));
    }

    [Test]
    public async Task ClientCredentials_ScopeNotAllowed_InvalidScope()
    {
        var result = await Service.PostTokenAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "profile" }, SliceEnvironment.ServiceClientId, SliceEnvironment.ServiceClientSecret);

        Assert.That(result.Error, Is.EqualTo("invalid_scope"));
    }

    [Test]
    public async Task ClientCredentials_ClientWithoutTheGrant_UnauthorizedClient()
    {
        var demo = OidcTestClient.Confidential(Slice);

        var result = await demo.PostTokenAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "diary" }, SliceEnvironment.DemoClientId, SliceEnvironment.DemoClientSecret);

        Assert.That(result.Status, Is.EqualTo(400));
        Assert.That(result.Error, Is.EqualTo("unauthorized_client"));
    }

    [Test]
    public async Task ClientCredentials_PublicClient_UnauthorizedClient()
    {
        var mobile = OidcTestClient.Public(Slice);

        var result = await mobile.PostTokenAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, SliceEnvironment.PublicClientId, null);

        Assert.That(result.Error, Is.EqualTo("unauthorized_client"));
    }

    [Test]
    public async Task ClientCredentials_WrongSecret_InvalidClient()
    {
        var result = await Service.PostTokenAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, SliceEnvironment.ServiceClientId, "wrong");

        Assert.That(result.Status, Is.EqualTo(401));
        Assert.That(result.Error, Is.EqualTo("invalid_client"));
    }
}
