using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Protocol.Dpop;
using IdentityBroker.Server.Tests.Support;
using IdentityBroker.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IdentityBroker.Server.Tests.Protocol;

/// <summary>
/// <see cref="DpopProofValidator"/>: the checks of RFC 9449 §4.3 one by one, the ±60 s <c>iat</c> window on the broker's
/// clock, <c>ath</c> at a protected resource (§7), and single use of a <c>jti</c> (§11.1, real replay cache).
/// </summary>
public sealed class DpopProofValidatorTests
{
    private const string TokenUrl = TestClients.Issuer + ProtocolRoutes.Token;

    private SettableClock _clock = null!;
    private ServiceProvider _store = null!;
    private DpopKey _key = null!;
    private DpopProofValidator _validator = null!;

    [SetUp]
    public async Task SetUp()
    {
        _key = new DpopKey();
        _clock = new SettableClock(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        _store = await ServerTestStore.ServicesAsync(_clock);
        _validator = new DpopProofValidator(_store.GetRequiredService<IReplayCache>(), TestClients.Options(), _clock, NullLogger<DpopProofValidator>.Instance);
    }

    [TearDown]
    public async Task TearDown()
    {
        _key.Dispose();
        await _store.DisposeAsync();
    }

    [Test]
    public async Task ValidateAsync_ValidProof_ThumbprintOfTheProofKey()
    {
        var result = await ValidateAsync(_key.Proof("POST", TokenUrl, at: _clock.UtcNow));

        Assert.That(result.Error, Is.Null);
        Assert.That(result.Jkt, Is.EqualTo(_key.Jkt), "RFC 7638 thumbprint, computed independently by the test");
    }

    [Test]
    public async Task ValidateAsync_NoHeader_Absent()
    {
        var result = await _validator.ValidateAsync(new DefaultHttpContext().Request, ProtocolRoutes.Token, null, CancellationToken.None);

        Assert.That(result.IsPresent, Is.False);
        Assert.That(result.ErrorIfRequired(required: true), Does.Contain("required"), "RFC 9449 §5.2: a DPoP-bound client must send one");
    }

    [TestCase(ProofDefect.WrongHtm, "htm")]
    [TestCase(ProofDefect.WrongHtu, "htu")]
    [TestCase(ProofDefect.StaleIat, "iat")]
    [TestCase(ProofDefect.FutureIat, "iat")]
    [TestCase(ProofDefect.AlgNone, "ES256, RS256 or PS256")]
    [TestCase(ProofDefect.PrivateKeyInJwk, "public jwk")]
    [TestCase(ProofDefect.WrongTyp, "typ dpop+jwt")]
    public async Task ValidateAsync_Rfc9449Section43_DefectiveProof_RefusedNamingTheCheck(ProofDefect defect, string named)
    {
        var result = await ValidateAsync(_key.Proof("POST", TokenUrl, defect: defect, at: _clock.UtcNow));

        Assert.That(result.Jkt, Is.Null);
        Assert.That(result.Error, Does.Contain(named));
    }

    [TestCase(-59, true)]
    [TestCase(59, true)]
    [TestCase(-61, false)]
    [TestCase(61, false)]
    public async Task ValidateAsync_Rfc9449Section43Point11_IatWithinSixtySecondsOfTheBrokerClock(int offsetSeconds, bool accepted)
    {
        var proof = _key.Proof("POST", TokenUrl, at: _clock.UtcNow.AddSeconds(offsetSeconds));

        var result = await ValidateAsync(proof);

        Assert.That(result.Error is null, Is.EqualTo(accepted), result.Error);
    }

    [Test]
    public async Task ValidateAsync_Rfc9449Section111_SameJtiTwice_SecondRefused()
    {
        var jti = Guid.NewGuid().ToString("N");

        var first = await ValidateAsync(_key.Proof("POST", TokenUrl, jti: jti, at: _clock.UtcNow));
        var second = await ValidateAsync(_key.Proof("POST", TokenUrl, jti: jti, at: _clock.UtcNow));

        Assert.That(first.Error, Is.Null);
        Assert.That(second.Error, Does.Contain("jti was already used"));
    }

    [Test]
    public async Task ValidateAsync_SameJtiOtherKey_Accepted()
    {
        var jti = Guid.NewGuid().ToString("N");
        using var other = new DpopKey();

        await ValidateAsync(_key.Proof("POST", TokenUrl, jti: jti, at: _clock.UtcNow));
        var result = await ValidateAsync(other.Proof("POST", TokenUrl, jti: jti, at: _clock.UtcNow));

        Assert.That(result.Error, Is.Null, "the replay key is thumbprint + jti");
    }

    [TestCase("https://BROKER.example.test/connect/token", true)]
    [TestCase("https://broker.example.test:443/connect/token", true)]
    [TestCase("https://broker.example.test/connect/token?x=1", true)]
    [TestCase("https://broker.example.test/connect/token#f", true)]
    [TestCase("http://broker.example.test/connect/token", false)]
    [TestCase("https://broker.example.test:8443/connect/token", false)]
    [TestCase("https://broker.example.test/connect/Token", false)]
    [TestCase("https://other.example.test/connect/token", false)]
    [TestCase("/connect/token", false)]
    public async Task ValidateAsync_Rfc9449Section43Point9_HtuComparedNormalisedWithoutQueryAndFragment(string htu, bool accepted)
    {
        var result = await ValidateAsync(_key.Proof("POST", htu, at: _clock.UtcNow));

        Assert.That(result.Error is null, Is.EqualTo(accepted), result.Error);
    }

    [Test]
    public async Task ValidateAsync_Rfc9449Section7_AccessTokenHash()
    {
        const string token = "eyJhbGciOi.access.token";
        var userInfoUrl = TestClients.Issuer + ProtocolRoutes.UserInfo;

        var right = await ValidateAsync(_key.Proof("GET", userInfoUrl, token, at: _clock.UtcNow), "GET", ProtocolRoutes.UserInfo, token);
        var wrong = await ValidateAsync(_key.Proof("GET", userInfoUrl, token, ProofDefect.WrongAth, at: _clock.UtcNow), "GET", ProtocolRoutes.UserInfo, token);
        var missing = await ValidateAsync(_key.Proof("GET", userInfoUrl, at: _clock.UtcNow), "GET", ProtocolRoutes.UserInfo, token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(right.Error, Is.Null);
            Assert.That(wrong.Error, Does.Contain("ath"));
            Assert.That(missing.Error, Does.Contain("ath"));
        }
    }

    [TestCase("")]
    [TestCase("not-a-jwt")]
    [TestCase("a.b")]
    [TestCase("%%%.e30.sig")]
    [TestCase("W10.e30.sig")]
    public async Task ValidateAsync_MalformedHeader_InvalidNotException(string header)
    {
        var result = await ValidateAsync(header);

        Assert.That(result.Error, Is.Not.Null);
    }

    [Test]
    public async Task ValidateAsync_TwoHeaders_Refused()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Headers[DpopConstants.HeaderName] = new([_key.Proof("POST", TokenUrl, at: _clock.UtcNow), _key.Proof("POST", TokenUrl, at: _clock.UtcNow)]);

        var result = await _validator.ValidateAsync(context.Request, ProtocolRoutes.Token, null, CancellationToken.None);

        Assert.That(result.Error, Does.Contain("Exactly one DPoP header"));
    }

    private async Task<DpopProofResult> ValidateAsync(string proof, string method = "POST", string route = ProtocolRoutes.Token, string? accessToken = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Headers[DpopConstants.HeaderName] = proof;
        return await _validator.ValidateAsync(context.Request, route, accessToken, CancellationToken.None);
    }
}
