using System.Security.Cryptography;
using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityBroker.IntegrationTests.Protocol;

/// <summary>Token introspection (RFC 7662) at <c>/connect/introspect</c>, for confidential clients.</summary>
[CancelAfter(120_000)]
public sealed class IntrospectionTests : SliceFixture
{
    [Test]
    public async Task Introspection_AccessToken_ActiveWithItsClaims()
    {
        var client = OidcTestClient.Public(Slice);
        var access = (await TokenCalls.SignInAsync(Slice, client)).Get("access_token")!;
        var jwt = new JsonWebToken(access);

        var result = await TokenCalls.IntrospectAsync(Slice, access, hint: "access_token");

        Assert.That(result.Active(), Is.True);
        Assert.That(result.NoStore, Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(result.Get("client_id"), Is.EqualTo(client.ClientId));
            Assert.That(result.Get("sub"), Is.EqualTo("d38-1001"));
            Assert.That(result.Get("scope"), Is.EqualTo(TokenCalls.OfflineScope));
            Assert.That(result.Get("iss"), Is.EqualTo(Slice.BrokerUrl));
            Assert.That(result.Get("aud"), Is.EqualTo("diary-api"));
            Assert.That(result.Get("token_type"), Is.EqualTo("Bearer"));
            Assert.That(result.Get("jti"), Is.EqualTo(jwt.Id));
            Assert.That(result.Json.GetProperty("exp").GetInt64(), Is.EqualTo(new DateTimeOffset(jwt.ValidTo).ToUnixTimeSeconds()));
            Assert.That(result.Json.GetProperty("iat").GetInt64(), Is.EqualTo(new DateTimeOffset(jwt.IssuedAt).ToUnixTimeSeconds()));
        });
    }

    [Test]
    public async Task Introspection_RefreshToken_ActiveForItsClient_InactiveForAnother_InactiveOnceRotated()
    {
        var client = OidcTestClient.Confidential(Slice);
        var refresh = (await TokenCalls.SignInAsync(Slice, client)).Get("refresh_token")!;

        var own = await TokenCalls.IntrospectAsync(Slice, refresh, hint: "refresh_token");
        var foreign = await TokenCalls.IntrospectAsync(Slice, refresh, SliceEnvironment.ServiceClientId, SliceEnvironment.ServiceClientSecret);
        await TokenCalls.RefreshAsync(client, refresh);
        var rotated = await TokenCalls.IntrospectAsync(Slice, refresh);

        Assert.That(own.Active(), Is.True);
        Assert.That(own.Get("client_id"), Is.EqualTo(client.ClientId));
        Assert.That(own.Get("sub"), Is.EqualTo("d38-1001"));
        Assert.That(own.Json.GetProperty("exp").GetInt64(), Is.GreaterThan(DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds()));
        Assert.That(foreign.Active(), Is.False, "RFC 7662 §4: refresh tokens only to the client they were issued to");
        Assert.That(rotated.Active(), Is.False, "a rotated refresh token is spent");
    }

    [Test]
    public async Task Introspection_SessionEnded_AccessTokenInactive_RefreshTokenRevoked()
    {
        var client = OidcTestClient.Public(Slice);
        var tokens = await TokenCalls.SignInAsync(Slice, client);
        var sid = new JsonWebToken(tokens.Get("access_token")).GetClaim("sid").Value;
        Assert.That((await TokenCalls.IntrospectAsync(Slice, tokens.Get("access_token")!)).Active(), Is.True);

        var ended = await Slice.BrokerServices.GetRequiredService<ISessionStore>().EndAsync(sid, DateTimeOffset.UtcNow, [], CancellationToken.None);

        Assert.That(ended, Is.True);
        Assert.That((await TokenCalls.IntrospectAsync(Slice, tokens.Get("access_token")!)).Active(), Is.False, "a user token dies with its session");
        Assert.That((await TokenCalls.RefreshAsync(client, tokens.Get("refresh_token")!)).Error, Is.EqualTo("invalid_grant"));
    }

    [Test]
    public async Task Introspection_IdToken_Inactive()
    {
        var idToken = (await TokenCalls.SignInAsync(Slice, OidcTestClient.Public(Slice))).Get("id_token")!;

        Assert.That((await TokenCalls.IntrospectAsync(Slice, idToken)).Active(), Is.False, "an ID token is not an access token (typ, aud)");
    }

    [TestCase("garbage", TestName = "Introspection_Garbage_Inactive")]
    [TestCase("random-handle", TestName = "Introspection_UnknownRefreshHandle_Inactive")]
    [TestCase("foreign-jwt", TestName = "Introspection_JwtSignedByAnotherKey_Inactive")]
    public async Task Introspection_NotOurToken_Inactive(string kind)
    {
        var token = kind switch
        {
            "garbage" => "garbage.garbage.garbage",
            "random-handle" => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)),
            _ => ForeignAccessToken(),
        };

        var result = await TokenCalls.IntrospectAsync(Slice, token);

        Assert.That(result.Active(), Is.False);
        Assert.That(result.Json.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "active" }), "RFC 7662 §2.2: nothing else about an inactive token");
    }

    [Test]
    public async Task Introspection_PublicClient_InvalidClient401()
    {
        var result = await TokenCalls.IntrospectAsync(Slice, "whatever", SliceEnvironment.PublicClientId, secret: null);

        Assert.That(result.Status, Is.EqualTo(401));
        Assert.That(result.Error, Is.EqualTo("invalid_client"));
    }

    [Test]
    public async Task Introspection_NoClientAuthentication_InvalidClient401()
    {
        var result = await TokenCalls.PostAsync(Slice, "/connect/introspect", new() { ["token"] = "whatever" }, null, null);

        Assert.That(result.Status, Is.EqualTo(401));
    }

    /// <summary>A token shaped like ours (typ, iss, aud, claims) but signed by a key the broker never had.</summary>
    private string ForeignAccessToken()
    {
        using var rsa = RSA.Create(2048);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Slice.BrokerUrl,
            Audience = "diary-api",
            TokenType = "at+jwt",
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = "d38-1001", ["client_id"] = SliceEnvironment.DemoClientId, ["jti"] = "x", ["region"] = "38", ["scope"] = "openid" },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "foreign" }, SecurityAlgorithms.RsaSha256),
        });
    }
}
