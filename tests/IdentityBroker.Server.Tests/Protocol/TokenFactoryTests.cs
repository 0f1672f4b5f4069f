using System.Text.Json;
using IdentityBroker.Core.Directory;
using IdentityBroker.Core.People;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol.Tokens;
using IdentityBroker.Server.Tests.Support;
using IdentityBroker.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Tests.Protocol;

/// <summary>
/// <see cref="TokenFactory"/>: ID token (OIDC Core §2, §3.1.3.6 at_hash), JWT access token (RFC 9068 <c>typ: at+jwt</c>),
/// DPoP binding (RFC 9449 §6.1), lifetimes, and R-TOKEN-2 (what is released). Signed by the real
/// <see cref="SigningKeyManager"/> over the real signing-key store; the clock is fixed, so times are exact.
/// </summary>
public sealed class TokenFactoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AuthTime = Now.AddMinutes(-3);

    private static readonly DiaryAccount Parent = new(
        "d38-1001", "38", "ivanova", new PersonName("Иванова", "Анна", "Петровна"), new DateOnly(1985, 3, 4), null, "snils-hash", null,
        [DiaryRole.Parent], [new School("38-s-001", "МБОУ СОШ № 1")], IsActivated: true, ["d38-2002"]);

    private readonly SettableClock _clock = new(Now);
    private ServiceProvider _store = null!;
    private SigningKeyManager _keys = null!;
    private TokenFactory _factory = null!;
    private BrokerOptions _options = null!;

    [SetUp]
    public async Task SetUp()
    {
        var options = TestClients.Options();
        _options = options.Value;
        _store = await ServerTestStore.ServicesAsync(_clock);
        _keys = new SigningKeyManager(
            _store.GetRequiredService<ISigningKeyStore>(), new SigningKeyFactory(new SigningKeyProtector(new byte[32])), options,
            Microsoft.Extensions.Options.Options.Create(new SigningOptions()), _clock, NullLogger<SigningKeyManager>.Instance);
        await _keys.EnsureKeysAsync(CancellationToken.None);
        _factory = new TokenFactory(_keys, options, _clock);
    }

    [TearDown]
    public async Task TearDown()
    {
        _keys.Dispose();
        await _store.DisposeAsync();
    }

    [Test]
    public async Task CreateAsync_AccessToken_Rfc9068HeaderAndClaims()
    {
        var plan = _factory.Plan(TestClients.Web, dpopJkt: null);

        var tokens = await _factory.CreateAsync(Context("openid diary"), Parent, plan, CancellationToken.None);

        var access = await ValidateAsync(tokens.AccessToken, _options.DiaryApiAudience);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(access.Typ, Is.EqualTo("at+jwt"));
            Assert.That(access.Alg, Is.EqualTo(SecurityAlgorithms.RsaSha256));
            Assert.That(access.Kid, Is.Not.Empty);
            Assert.That(access.Issuer, Is.EqualTo(TestClients.Issuer));
            Assert.That(access.Subject, Is.EqualTo(Parent.Id), "R-TOKEN-2: sub is the diary account id");
            Assert.That(access.Id, Is.EqualTo(plan.Jti));
            Assert.That(access.GetClaim("client_id").Value, Is.EqualTo(TestClients.Web.ClientId));
            Assert.That(access.GetClaim("scope").Value, Is.EqualTo("openid diary"));
            Assert.That(access.GetClaim("sid").Value, Is.EqualTo("sid-1"));
            Assert.That(access.GetClaim("region").Value, Is.EqualTo("38"));
            Assert.That(access.GetPayloadValue<long>("auth_time"), Is.EqualTo(AuthTime.ToUnixTimeSeconds()));
            Assert.That(access.GetClaim("acr").Value, Is.EqualTo("esia-high"));
            Assert.That(access.TryGetClaim("cnf", out _), Is.False, "a bearer token has no cnf");
            Assert.That(access.IssuedAt, Is.EqualTo(Now.UtcDateTime));
            Assert.That(access.ValidTo, Is.EqualTo((Now + _options.AccessTokenLifetime).UtcDateTime));
            Assert.That(tokens.ExpiresIn, Is.EqualTo((int)_options.AccessTokenLifetime.TotalSeconds));
            Assert.That(tokens.TokenType, Is.EqualTo("Bearer"));
        }
    }

    [Test]
    public async Task CreateAsync_IdToken_OidcCoreClaimsNonceAndAtHash()
    {
        var tokens = await _factory.CreateAsync(Context("openid diary", nonce: "n-1"), Parent, _factory.Plan(TestClients.Web, null), CancellationToken.None);

        Assert.That(tokens.IdToken, Is.Not.Null);
        var id = await ValidateAsync(tokens.IdToken!, TestClients.Web.ClientId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(id.Typ, Is.EqualTo("JWT"));
            Assert.That(id.Audiences, Is.EqualTo(new[] { TestClients.Web.ClientId }));
            Assert.That(id.Subject, Is.EqualTo(Parent.Id));
            Assert.That(id.GetClaim("nonce").Value, Is.EqualTo("n-1"));
            Assert.That(id.GetClaim("sid").Value, Is.EqualTo("sid-1"));
            Assert.That(id.GetClaim("at_hash").Value, Is.EqualTo(ProtocolHashes.AtHash(tokens.AccessToken)), "OIDC Core §3.1.3.6");
            Assert.That(id.GetPayloadValue<long>("auth_time"), Is.EqualTo(AuthTime.ToUnixTimeSeconds()), "oidcc-max-age-1: auth_time present");
            Assert.That(id.GetPayloadValue<string[]>("amr"), Is.EqualTo(new[] { "pwd" }));
            Assert.That(id.ValidTo, Is.EqualTo((Now + _options.IdTokenLifetime).UtcDateTime));
        }
    }

    [Test]
    public async Task CreateAsync_OidccEnsureRequestWithoutNonceSucceeds_NoNonceClaim()
    {
        var tokens = await _factory.CreateAsync(Context("openid"), Parent, _factory.Plan(TestClients.Web, null), CancellationToken.None);

        Assert.That((await ValidateAsync(tokens.IdToken!, TestClients.Web.ClientId)).TryGetClaim("nonce", out _), Is.False);
    }

    [Test]
    public async Task CreateAsync_ScopeWithoutOpenid_NoIdToken()
    {
        var tokens = await _factory.CreateAsync(Context("diary"), Parent, _factory.Plan(TestClients.Web, null), CancellationToken.None);

        Assert.That(tokens.IdToken, Is.Null);
    }

    [Test]
    public async Task CreateAsync_Rtoken2_DiaryScopeReleasesDiaryClaimsNeverPersonalData()
    {
        var tokens = await _factory.CreateAsync(Context("openid profile diary"), Parent, _factory.Plan(TestClients.Web, null), CancellationToken.None);

        foreach (var token in new[] { tokens.AccessToken, tokens.IdToken! })
        {
            var jwt = new JsonWebToken(token);
            var payload = JsonSerializer.Serialize(jwt.Claims.Select(c => c.Value));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(jwt.GetPayloadValue<string[]>("roles"), Is.EqualTo(new[] { "parent" }));
                Assert.That(jwt.GetPayloadValue<string[]>("children"), Is.EqualTo(new[] { "d38-2002" }));
                Assert.That(jwt.TryGetClaim("schools", out _), Is.True);
                Assert.That(jwt.TryGetClaim("family_name", out _), Is.False, "names go to userinfo only");
                Assert.That(payload, Does.Not.Contain("snils-hash").And.Not.Contain("Иванова").And.Not.Contain("1985"));
            }
        }
    }

    [Test]
    public async Task Plan_ClientLifetime_OverridesDefault()
    {
        var client = TestClients.Web with { AccessTokenLifetime = TimeSpan.FromMinutes(2) };

        var plan = _factory.Plan(client, null);
        var tokens = await _factory.CreateAsync(Context("openid"), Parent, plan, CancellationToken.None);

        Assert.That(plan.ExpiresAt - plan.IssuedAt, Is.EqualTo(TimeSpan.FromMinutes(2)));
        Assert.That(tokens.ExpiresIn, Is.EqualTo(120));
        Assert.That(new JsonWebToken(tokens.AccessToken).ValidTo, Is.EqualTo((Now + TimeSpan.FromMinutes(2)).UtcDateTime));
    }

    [Test]
    public async Task CreateAsync_Rfc9449Section61_DpopPlan_CnfJktAndDpopTokenType()
    {
        using var key = new DpopKey();

        var tokens = await _factory.CreateAsync(Context("openid"), Parent, _factory.Plan(TestClients.Web, key.Jkt), CancellationToken.None);

        var cnf = (await ValidateAsync(tokens.AccessToken, _options.DiaryApiAudience)).GetPayloadValue<JsonElement>("cnf");
        Assert.That(cnf.GetProperty("jkt").GetString(), Is.EqualTo(key.Jkt));
        Assert.That(tokens.TokenType, Is.EqualTo("DPoP"));
    }

    [Test]
    public async Task CreateAsync_RefreshFamily_CarriedSoTheTokenDiesWithIt()
    {
        var context = Context("openid") with { RefreshFamilyId = "fam-1" };

        var tokens = await _factory.CreateAsync(context, Parent, _factory.Plan(TestClients.Web, null), CancellationToken.None);

        Assert.That(new JsonWebToken(tokens.AccessToken).GetClaim(AccessTokenValidator.RefreshFamilyClaim).Value, Is.EqualTo("fam-1"));
    }

    [Test]
    public async Task CreateForClientAsync_Rfc9068Section22_SubIsClientIdNoUserClaimsNoIdToken()
    {
        var tokens = await _factory.CreateForClientAsync(TestClients.Web, "diary", _factory.Plan(TestClients.Web, null), CancellationToken.None);

        var access = await ValidateAsync(tokens.AccessToken, _options.DiaryApiAudience);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(tokens.IdToken, Is.Null);
            Assert.That(access.Subject, Is.EqualTo(TestClients.Web.ClientId));
            Assert.That(access.GetClaim("region").Value, Is.EqualTo("38"));
            Assert.That(access.TryGetClaim("sid", out _), Is.False);
            Assert.That(access.TryGetClaim("auth_time", out _), Is.False);
        }
    }

    [Test]
    public void LeftHalfHash_AgreesWithTheTestsOwnAtHash() =>
        Assert.That(TokenFactory.LeftHalfHash("abc.def.ghi"), Is.EqualTo(ProtocolHashes.AtHash("abc.def.ghi")));

    private static UserTokenContext Context(string scope, string? nonce = null) =>
        new(TestClients.Web.ClientId, "38", Parent.Id, scope, "sid-1", AuthTime, "esia-high", ["pwd"], nonce);

    /// <summary>Signature by a published key, issuer, audience and lifetime on the test clock.</summary>
    private async Task<JsonWebToken> ValidateAsync(string token, string audience)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = TestClients.Issuer,
            ValidAudience = audience,
            IssuerSigningKeys = await _keys.GetValidationKeysAsync(CancellationToken.None),
            LifetimeValidator = (nbf, exp, _, _) => nbf <= Now.UtcDateTime && exp > Now.UtcDateTime,
        });
        Assert.That(result.IsValid, Is.True, () => result.Exception?.Message ?? string.Empty);
        return (JsonWebToken)result.SecurityToken!;
    }
}
