using System.Security.Cryptography;
using System.Text.Json;
using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol.Validation;
using IdentityBroker.Server.Regions;
using IdentityBroker.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.IntegrationTests.Protocol;

/// <summary>
/// private_key_jwt client authentication (OIDC Core §9, RFC 7523 §2.2 and §3). A refresh with a random refresh token tells
/// authentication apart from the grant: 401 invalid_client means the assertion was refused, 400 invalid_grant that it
/// was accepted.
/// </summary>
[CancelAfter(120_000)]
public sealed class PrivateKeyJwtTests : SliceFixture
{
    private const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private OidcTestClient Client => new(Slice, SliceEnvironment.PrivateKeyJwtClientId, "http://127.0.0.1/pkjwt-callback");

    [Test]
    public async Task PrivateKeyJwt_CodeRedeemedRefreshedAndIntrospected()
    {
        using var browser = new BrowserClient();
        var client = Client;
        var code = (await client.AuthorizeAsync(browser, overrides: new Dictionary<string, string?> { ["scope"] = TokenCalls.OfflineScope }))["code"];

        var tokens = await client.PostTokenAsync(WithAssertion(new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = client.RedirectUri, ["code_verifier"] = client.Verifier,
        }, Assertion()), null, null);
        Assert.That(tokens.Status, Is.EqualTo(200), tokens.Json.ToString());

        var refreshed = await client.PostTokenAsync(WithAssertion(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.Get("refresh_token")! }, Assertion()), null, null);
        Assert.That(refreshed.Status, Is.EqualTo(200), refreshed.Json.ToString());

        var introspection = await TokenCalls.PostAsync(Slice, "/connect/introspect", WithAssertion(new() { ["token"] = refreshed.Get("refresh_token")! }, Assertion(aud: Slice.BrokerUrl + "/connect/introspect")), null, null);
        Assert.That(introspection.Active(), Is.True);
        Assert.That(introspection.Get("client_id"), Is.EqualTo(SliceEnvironment.PrivateKeyJwtClientId));
    }

    [TestCase("issuer", TestName = "PrivateKeyJwt_AudIssuer_Accepted")]
    [TestCase("token", TestName = "PrivateKeyJwt_AudTokenEndpoint_Accepted")]
    public async Task PrivateKeyJwt_Audience_Accepted(string audience)
    {
        var aud = audience == "issuer" ? Slice.BrokerUrl : Slice.BrokerUrl + "/connect/token";

        var result = await RefreshWithRandomTokenAsync(Assertion(aud: aud));

        Assert.That(result.Error, Is.EqualTo("invalid_grant"), "authenticated; only the refresh token is wrong");
    }

    [Test]
    public async Task PrivateKeyJwt_WrongKey_InvalidClient()
    {
        using var attacker = RSA.Create(2048);

        var result = await RefreshWithRandomTokenAsync(Assertion(key: attacker));

        Assert.That(result.Status, Is.EqualTo(401));
        Assert.That(result.Error, Is.EqualTo("invalid_client"));
    }

    [Test]
    public async Task PrivateKeyJwt_ReplayedJti_InvalidClient()
    {
        var assertion = Assertion();

        var first = await RefreshWithRandomTokenAsync(assertion);
        var replay = await RefreshWithRandomTokenAsync(assertion);

        Assert.That(first.Error, Is.EqualTo("invalid_grant"));
        Assert.That(replay.Status, Is.EqualTo(401), "RFC 7523 §3: a jti is used once");
        Assert.That(replay.Error, Is.EqualTo("invalid_client"));
    }

    [Test]
    public async Task PrivateKeyJwt_WrongAudience_InvalidClient()
    {
        var result = await RefreshWithRandomTokenAsync(Assertion(aud: "https://another-as.example/token"));

        Assert.That(result.Error, Is.EqualTo("invalid_client"));
    }

    [Test]
    public async Task PrivateKeyJwt_Expired_InvalidClient()
    {
        var result = await RefreshWithRandomTokenAsync(Assertion(exp: DateTimeOffset.UtcNow.AddMinutes(-2)));

        Assert.That(result.Error, Is.EqualTo("invalid_client"));
    }

    [Test]
    public async Task PrivateKeyJwt_ExpiryTooFarAhead_InvalidClient()
    {
        var result = await RefreshWithRandomTokenAsync(Assertion(exp: DateTimeOffset.UtcNow.AddMinutes(30)));

        Assert.That(result.Error, Is.EqualTo("invalid_client"));
    }

    [Test]
    public async Task PrivateKeyJwt_SubDiffersFromIss_InvalidClient()
    {
        var result = await RefreshWithRandomTokenAsync(Assertion(sub: SliceEnvironment.DemoClientId));

        Assert.That(result.Error, Is.EqualTo("invalid_client"));
    }

    [Test]
    public async Task PrivateKeyJwt_ClientSendsSecretInstead_InvalidClient()
    {
        var result = await Client.PostTokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = "x" }, SliceEnvironment.PrivateKeyJwtClientId, "any-secret");

        Assert.That(result.Error, Is.EqualTo("invalid_client"), "the method must match the registration");
    }

    [Test]
    public async Task PrivateKeyJwt_SecretClientSendsAssertion_InvalidClient()
    {
        var result = await RefreshWithRandomTokenAsync(Assertion(clientId: SliceEnvironment.DemoClientId));

        Assert.That(result.Error, Is.EqualTo("invalid_client"));
    }

    /// <summary>
    /// Conformance oidcc-refresh-token-rp-key-rotation: a client that publishes its keys at a jwks_uri rotates them; an
    /// assertion with the new kid makes the broker re-fetch, but not more often than every 10 s (clock moved by hand).
    /// </summary>
    [Test]
    public async Task OidccRefreshTokenRpKeyRotation_JwksUri_RefetchedOnUnknownKid_Throttled()
    {
        using var key1 = RSA.Create(2048);
        using var key2 = RSA.Create(2048);
        using var key3 = RSA.Create(2048);
        await using var jwks = await JwksServer.StartAsync(Jwk(key1, "k1"));
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        var services = Slice.BrokerServices;
        var provider = new ClientJwksProvider(services.GetRequiredService<IHttpClientFactory>(), clock, NullLogger<ClientJwksProvider>.Instance);
        var validator = new ClientAssertionValidator(provider, services.GetRequiredService<IReplayCache>(), services.GetRequiredService<IOptions<BrokerOptions>>(), TimeProvider.System);
        var client = services.GetRequiredService<RegionCatalog>().FindClient(SliceEnvironment.PrivateKeyJwtClientId)! with { JwksJson = null, JwksUri = jwks.Url };
        var endpoint = Slice.BrokerUrl + "/connect/token";

        var before = await validator.ValidateAsync(client, Assertion(key1, kid: "k1"), endpoint, CancellationToken.None);
        jwks.Serve(Jwk(key2, "k2"));
        clock.Advance(TimeSpan.FromSeconds(11));
        var rotated = await validator.ValidateAsync(client, Assertion(key2, kid: "k2"), endpoint, CancellationToken.None);
        var unknownAgain = await validator.ValidateAsync(client, Assertion(key3, kid: "k3"), endpoint, CancellationToken.None);

        Assert.That(before, Is.Null);
        Assert.That(rotated, Is.Null, "the new key was fetched");
        Assert.That(unknownAgain, Is.Not.Null);
        Assert.That(jwks.Fetches, Is.EqualTo(2), "one fetch at first use, one re-fetch for k2, none for k3 within 10 s");
    }

    private static object Jwk(RSA key, string kid)
    {
        var p = key.ExportParameters(false);
        return new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } } };
    }

    private Task<TokenResponse> RefreshWithRandomTokenAsync(string assertion) =>
        Client.PostTokenAsync(WithAssertion(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)) }, assertion), null, null);

    private static Dictionary<string, string> WithAssertion(Dictionary<string, string> form, string assertion)
    {
        form["client_assertion_type"] = JwtBearer;
        form["client_assertion"] = assertion;
        return form;
    }

    private string Assertion(RSA? key = null, string? aud = null, DateTimeOffset? exp = null, string? sub = null, string clientId = SliceEnvironment.PrivateKeyJwtClientId, string kid = "pkjwt-1")
    {
        var now = DateTimeOffset.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                ["iss"] = clientId, ["sub"] = sub ?? clientId, ["aud"] = aud ?? Slice.BrokerUrl + "/connect/token", ["jti"] = Guid.NewGuid().ToString("N"),
                ["iat"] = now.ToUnixTimeSeconds(), ["exp"] = (exp ?? now.AddMinutes(1)).ToUnixTimeSeconds(),
            },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? Slice.PrivateKeyJwtKey) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
        });
    }
}

/// <summary>A client's jwks_uri whose document can be swapped, counting fetches.</summary>
internal sealed class JwksServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile string _json = "{}";
    private int _fetches;

    private JwksServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public int Fetches => _fetches;

    public static async Task<JwksServer> StartAsync(object jwks)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new JwksServer(app, url + "/jwks.json");
        server.Serve(jwks);
        app.MapGet("/jwks.json", () =>
        {
            Interlocked.Increment(ref server._fetches);
            return Results.Text(server._json, "application/json");
        });
        await app.StartAsync();
        return server;
    }

    public void Serve(object jwks) => _json = JsonSerializer.Serialize(jwks);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
