using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.IntegrationTests.Par;
using IdentityBroker.Testing;

namespace IdentityBroker.IntegrationTests.Dpop;

/// <summary>
/// A DPoP-bound access token at userinfo (RFC 9449 §7): <c>Authorization: DPoP</c> with a proof by the bound key that
/// carries <c>ath</c>; the same token as Bearer is refused. One sign-in for the fixture; the token is reusable.
/// </summary>
[CancelAfter(120_000)]
public sealed class DpopUserInfoTests : SliceFixture
{
    private readonly DpopKey _key = new();
    private string _accessToken = string.Empty;

    private string UserInfoUrl => Slice.BrokerUrl + "/connect/userinfo";

    [OneTimeSetUp]
    public async Task SignInAsync()
    {
        using var browser = new BrowserClient();
        var tokens = await new ParClient(Slice).SignInAsync(browser, _key);
        Assert.That(tokens.Status, Is.EqualTo(200), tokens.Json.ToString());
        _accessToken = tokens.Get("access_token")!;
    }

    [OneTimeTearDown]
    public void DisposeKey() => _key.Dispose();

    [Test]
    public async Task UserInfo_DpopSchemeWithProof_Claims()
    {
        var result = await DpopHttp.UserInfoAsync(Slice.BrokerUrl, "DPoP", _accessToken, _key.Proof("GET", UserInfoUrl, _accessToken));

        Assert.That(result.Status, Is.EqualTo(200), result.Challenge);
        Assert.That(result.Body, Does.Contain("d38-1001"));
    }

    [Test]
    public async Task Fapi2DpopNegativeTests_BoundTokenAsBearer_InvalidToken()
    {
        var result = await DpopHttp.UserInfoAsync(Slice.BrokerUrl, "Bearer", _accessToken, proof: null);

        Assert.That(result.Status, Is.EqualTo(401));
        Assert.That(result.Challenge, Does.Contain("DPoP").And.Contain("error=\"invalid_token\""));
    }

    [Test]
    public async Task Fapi2DpopNegativeTests_WrongAth_InvalidDpopProof()
    {
        var result = await DpopHttp.UserInfoAsync(Slice.BrokerUrl, "DPoP", _accessToken, _key.Proof("GET", UserInfoUrl, _accessToken, ProofDefect.WrongAth));

        Assert.That(result.Status, Is.EqualTo(401));
        Assert.That(result.Challenge, Does.Contain("DPoP").And.Contain("error=\"invalid_dpop_proof\""));
    }

    [Test]
    public async Task Fapi2DpopNegativeTests_DpopSchemeWithoutProof_InvalidDpopProof()
    {
        var result = await DpopHttp.UserInfoAsync(Slice.BrokerUrl, "DPoP", _accessToken, proof: null);

        Assert.That(result.Status, Is.EqualTo(401));
        Assert.That(result.Challenge, Does.Contain("error=\"invalid_dpop_proof\""));
    }

    [Test]
    public async Task Fapi2DpopNegativeTests_ProofByAnotherKey_InvalidToken()
    {
        using var other = new DpopKey();

        var result = await DpopHttp.UserInfoAsync(Slice.BrokerUrl, "DPoP", _accessToken, other.Proof("GET", UserInfoUrl, _accessToken));

        Assert.That(result.Status, Is.EqualTo(401));
        Assert.That(result.Challenge, Does.Contain("error=\"invalid_token\""));
    }

    [Test]
    public async Task Fapi2DpopNegativeTests_WrongHtmAtUserInfo_InvalidDpopProof()
    {
        var result = await DpopHttp.UserInfoAsync(Slice.BrokerUrl, "DPoP", _accessToken, _key.Proof("GET", UserInfoUrl, _accessToken, ProofDefect.WrongHtm));

        Assert.That(result.Status, Is.EqualTo(401));
        Assert.That(result.Challenge, Does.Contain("error=\"invalid_dpop_proof\""));
    }
}
