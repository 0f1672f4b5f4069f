using System.Security.Cryptography;
using System.Text;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Protocol.Validation;
using IdentityBroker.Server.Regions;
using IdentityBroker.Server.Tests.Support;
using IdentityBroker.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Tests.Protocol;

/// <summary>
/// <see cref="ClientAuthenticator"/> and <see cref="ClientAssertionValidator"/>: client_secret_basic (RFC 6749 §2.3.1,
/// form-urlencoded id and secret), client_secret_post, none for public clients, private_key_jwt (OIDC Core §9, RFC 7523
/// §3), one method per request (RFC 6749 §2.3). The replay cache is the real one (PostgreSQL).
/// </summary>
public sealed class ClientAuthenticatorTests
{
    private const string OddSecret = "a b+c%:d/é";

    private static readonly RegisteredClient Odd = TestClients.Web with { ClientId = "diary web+1", SecretHashes = [TestClients.Hash(OddSecret)] };

    /// <summary>A confidential client whose registration says "none": still never authenticated without a secret.</summary>
    private static readonly RegisteredClient ConfidentialNone = TestClients.Web with { ClientId = "diary-none", TokenEndpointAuthMethod = "none" };

    private ECDsa _clientKey = null!;
    private SettableClock _clock = null!;
    private ServiceProvider _store = null!;
    private RegisteredClient _jwtClient = null!;
    private ClientAuthenticator _authenticator = null!;

    [SetUp]
    public async Task SetUp()
    {
        _clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _clock = new SettableClock(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        _store = await ServerTestStore.ServicesAsync(_clock);
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(_clientKey) { KeyId = "k1" });
        _jwtClient = TestClients.KeyClient($$"""{"keys":[{"kty":"EC","crv":"P-256","kid":"k1","x":"{{jwk.X}}","y":"{{jwk.Y}}"}]}""");
        var options = TestClients.Options();
        var http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        var assertions = new ClientAssertionValidator(
            new ClientJwksProvider(http, _clock, NullLogger<ClientJwksProvider>.Instance), _store.GetRequiredService<IReplayCache>(), options, _clock);
        _authenticator = new ClientAuthenticator(TestClients.Catalog(Odd, ConfidentialNone, _jwtClient), assertions, options, NullLogger<ClientAuthenticator>.Instance);
    }

    [TearDown]
    public async Task TearDown()
    {
        _clientKey.Dispose();
        await _store.DisposeAsync();
    }

    private static readonly object?[] SecretCases =
    [
        // name, Authorization header, form, expected client (null = refused), expected error code, UsedBasic
        new object?[] { "Basic_Correct", Basic("diary-web", TestClients.Secret), Form(), "diary-web", null, false },
        new object?[] { "Basic_WrongSecret", Basic("diary-web", "wrong"), Form(), null, OAuthErrors.InvalidClient, true },
        new object?[] { "Basic_UnknownClient", Basic("nobody", TestClients.Secret), Form(), null, OAuthErrors.InvalidClient, true },
        new object?[] { "Basic_FormUrlEncodedIdAndSecret", Basic(Odd.ClientId, OddSecret), Form(), Odd.ClientId, null, false },
        new object?[] { "Basic_NotFormUrlEncoded", "Basic " + B64(Odd.ClientId + ":" + OddSecret), Form(), null, OAuthErrors.InvalidClient, true },
        new object?[] { "Basic_NotBase64", "Basic %%%", Form(), null, OAuthErrors.InvalidClient, true },
        new object?[] { "Basic_NoColon", "Basic " + B64("diary-web"), Form(), null, OAuthErrors.InvalidClient, true },
        new object?[] { "Basic_BodyClientIdDiffers", Basic("diary-web", TestClients.Secret), Form("client_id", "diary-app"), null, OAuthErrors.InvalidClient, true },
        new object?[] { "Basic_BodyClientIdSame", Basic("diary-web", TestClients.Secret), Form("client_id", "diary-web"), "diary-web", null, false },
        new object?[] { "Post_BasicClientMayPost", null, Form("client_id", "diary-web", "client_secret", TestClients.Secret), "diary-web", null, false },
        new object?[] { "Post_WrongSecret", null, Form("client_id", "diary-web", "client_secret", "wrong"), null, OAuthErrors.InvalidClient, false },
        new object?[] { "None_ConfidentialClient", null, Form("client_id", "diary-web"), null, OAuthErrors.InvalidClient, false },
        new object?[] { "None_ConfidentialClientRegisteredWithNone", null, Form("client_id", "diary-none"), null, OAuthErrors.InvalidClient, false },
        new object?[] { "None_PublicClient", null, Form("client_id", "diary-app"), "diary-app", null, false },
        new object?[] { "Post_PublicClientWithSecret", null, Form("client_id", "diary-app", "client_secret", "x"), null, OAuthErrors.InvalidClient, false },
        new object?[] { "Rfc6749Section23_BasicAndPost", Basic("diary-web", TestClients.Secret), Form("client_secret", TestClients.Secret), null, OAuthErrors.InvalidRequest, true },
        new object?[] { "Rfc6749Section23_PostAndAssertion", null, Form("client_id", "diary-web", "client_secret", TestClients.Secret, "client_assertion_type", ClientAssertionValidator.AssertionType, "client_assertion", "a.b.c"), null, OAuthErrors.InvalidRequest, false },
        new object?[] { "Assertion_WrongType", null, Form("client_assertion_type", "urn:other", "client_assertion", "a.b.c"), null, OAuthErrors.InvalidClient, false },
        new object?[] { "Assertion_NotAJwt", null, Form("client_assertion_type", ClientAssertionValidator.AssertionType, "client_assertion", "not-a-jwt"), null, OAuthErrors.InvalidClient, false },
        new object?[] { "Nothing", null, Form(), null, OAuthErrors.InvalidClient, false },
    ];

    [TestCaseSource(nameof(SecretCases))]
    public async Task AuthenticateAsync_SecretsAndMethods(string name, string? authorization, Dictionary<string, string[]> form, string? client, string? error, bool usedBasic)
    {
        var result = await _authenticator.AuthenticateAsync(Request(authorization), form, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Client?.ClientId, Is.EqualTo(client), name + ": " + result.Error);
            Assert.That(result.Client is null ? result.ErrorCode : null, Is.EqualTo(error), name);
            Assert.That(result.UsedBasic, Is.EqualTo(usedBasic), name + ": a Basic attempt gets a Basic challenge (RFC 6749 §5.2)");
        }
    }

    [Test]
    public async Task AuthenticateAsync_PrivateKeyJwt_ValidAssertion_AuthenticatedOnceThenReplayRefused()
    {
        var assertion = Assertion();

        var first = await _authenticator.AuthenticateAsync(Request(null), AssertionForm(assertion), CancellationToken.None);
        var replay = await _authenticator.AuthenticateAsync(Request(null), AssertionForm(assertion), CancellationToken.None);

        Assert.That(first.Client?.ClientId, Is.EqualTo(_jwtClient.ClientId), first.Error);
        Assert.That(replay.Client, Is.Null, "RFC 7523 §3 item 7: a jti is accepted once");
        Assert.That(replay.ErrorCode, Is.EqualTo(OAuthErrors.InvalidClient));
    }

    /// <summary>What is wrong with an assertion (RFC 7523 §3 items 1–7, OIDC Core §9).</summary>
    public enum Defect
    {
        Issuer,
        Subject,
        Audience,
        Expired,
        TooLongLifetime,
        NoExpiry,
        NotYetValid,
        NoJti,
        OtherKey,
        Hs256,
        BodyClientIdDiffers,
    }

    [TestCase(Defect.Issuer)]
    [TestCase(Defect.Subject)]
    [TestCase(Defect.Audience)]
    [TestCase(Defect.Expired)]
    [TestCase(Defect.TooLongLifetime)]
    [TestCase(Defect.NoExpiry)]
    [TestCase(Defect.NotYetValid)]
    [TestCase(Defect.NoJti)]
    [TestCase(Defect.OtherKey)]
    [TestCase(Defect.Hs256)]
    [TestCase(Defect.BodyClientIdDiffers)]
    public async Task AuthenticateAsync_PrivateKeyJwt_DefectiveAssertion_InvalidClient(Defect defect)
    {
        var form = AssertionForm(Assertion(defect));
        if (defect == Defect.BodyClientIdDiffers)
        {
            form["client_id"] = ["diary-web"];
        }

        var result = await _authenticator.AuthenticateAsync(Request(null), form, CancellationToken.None);

        Assert.That(result.Client, Is.Null);
        Assert.That(result.ErrorCode, Is.EqualTo(OAuthErrors.InvalidClient));
    }

    [TestCase("https://broker.example.test")]
    [TestCase("https://broker.example.test/")]
    [TestCase("https://broker.example.test/connect/token")]
    [TestCase("https://broker.example.test/connect/revocation")]
    public async Task AuthenticateAsync_PrivateKeyJwt_AudienceIssuerTokenEndpointOrReceivingEndpoint_Accepted(string audience)
    {
        var result = await _authenticator.AuthenticateAsync(Request(null, "/connect/revocation"), AssertionForm(Assertion(audience: audience)), CancellationToken.None);

        Assert.That(result.Client?.ClientId, Is.EqualTo(_jwtClient.ClientId), result.Error);
    }

    [Test]
    public async Task AuthenticateAsync_PrivateKeyJwt_LifetimeChecksFollowTheBrokerClock()
    {
        var assertion = Assertion();
        _clock.Advance(ClientAssertionValidator.MaxLifetime);

        var result = await _authenticator.AuthenticateAsync(Request(null), AssertionForm(assertion), CancellationToken.None);

        Assert.That(result.Client, Is.Null, "expired on the broker's clock, whatever the machine's time");
    }

    [Test]
    public async Task AuthenticateAsync_PrivateKeyJwt_SecretClientPresentingAssertion_Refused()
    {
        var result = await _authenticator.AuthenticateAsync(Request(null), AssertionForm(Assertion(issuer: "diary-web", subject: "diary-web")), CancellationToken.None);

        Assert.That(result.Client, Is.Null);
        Assert.That(result.Error, Is.EqualTo("The client is not registered for private_key_jwt."));
    }

    private string Assertion(Defect? defect = null, string? audience = null, string? issuer = null, string? subject = null)
    {
        var now = _clock.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = defect == Defect.Issuer ? "diary-other" : issuer ?? _jwtClient.ClientId,
            ["sub"] = defect == Defect.Subject ? "diary-other" : subject ?? _jwtClient.ClientId,
            ["aud"] = defect == Defect.Audience ? "https://elsewhere.example.test/connect/token" : audience ?? TestClients.Issuer + "/connect/token",
            ["iat"] = now.ToUnixTimeSeconds(),
        };
        if (defect != Defect.NoJti)
        {
            claims["jti"] = Guid.NewGuid().ToString("N");
        }

        if (defect != Defect.NoExpiry)
        {
            claims["exp"] = (defect switch
            {
                Defect.Expired => now.AddMinutes(-1),
                Defect.TooLongLifetime => now + ClientAssertionValidator.MaxLifetime + TimeSpan.FromMinutes(1),
                _ => now.AddSeconds(60),
            }).ToUnixTimeSeconds();
        }

        if (defect == Defect.NotYetValid)
        {
            claims["nbf"] = now.AddMinutes(2).ToUnixTimeSeconds();
        }

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var credentials = defect switch
        {
            Defect.OtherKey => new SigningCredentials(new ECDsaSecurityKey(otherKey) { KeyId = "k1" }, SecurityAlgorithms.EcdsaSha256),
            Defect.Hs256 => new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "k1" }, SecurityAlgorithms.HmacSha256),
            _ => new SigningCredentials(new ECDsaSecurityKey(_clientKey) { KeyId = "k1" }, SecurityAlgorithms.EcdsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = credentials });
    }

    private static Dictionary<string, string[]> AssertionForm(string assertion) =>
        Form("client_assertion_type", ClientAssertionValidator.AssertionType, "client_assertion", assertion);

    private static HttpRequest Request(string? authorization, string path = "/connect/token")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = path;
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context.Request;
    }

    /// <summary>RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded.</summary>
    private static string Basic(string id, string secret) => "Basic " + B64(Uri.EscapeDataString(id) + ":" + Uri.EscapeDataString(secret));

    private static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static Dictionary<string, string[]> Form(params string[] pairs)
    {
        var form = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Length; i += 2)
        {
            form[pairs[i]] = [pairs[i + 1]];
        }

        return form;
    }
}
