using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.IntegrationTests.Par;
using IdentityBroker.Testing;

namespace IdentityBroker.IntegrationTests.Dpop;

/// <summary>
/// DPoP proofs at the token endpoint (RFC 9449 §4.3, §5, §10), after the FAPI 2 <c>dpop-negative-tests</c> and
/// <c>ensure-mismatched-dpop-jkt-fails</c> modules. A bad proof is refused before the code is looked at, so most cases
/// need no sign-in: a valid proof with an unknown code gets <c>invalid_grant</c>, a bad one <c>invalid_dpop_proof</c>.
/// </summary>
[CancelAfter(120_000)]
public sealed class DpopTokenEndpointTests : SliceFixture
{
    [TestCase(ProofDefect.WrongHtm, TestName = "Fapi2DpopNegativeTests_WrongHtm_InvalidDpopProof")]
    [TestCase(ProofDefect.WrongHtu, TestName = "Fapi2DpopNegativeTests_WrongHtu_InvalidDpopProof")]
    [TestCase(ProofDefect.StaleIat, TestName = "Fapi2DpopNegativeTests_StaleIat_InvalidDpopProof")]
    [TestCase(ProofDefect.FutureIat, TestName = "Fapi2DpopNegativeTests_FutureIat_InvalidDpopProof")]
    [TestCase(ProofDefect.AlgNone, TestName = "Fapi2DpopNegativeTests_AlgNone_InvalidDpopProof")]
    [TestCase(ProofDefect.PrivateKeyInJwk, TestName = "Fapi2DpopNegativeTests_PrivateKeyInJwk_InvalidDpopProof")]
    [TestCase(ProofDefect.WrongTyp, TestName = "Fapi2DpopNegativeTests_TypNotDpopJwt_InvalidDpopProof")]
    public async Task TokenEndpoint_DefectiveProof_InvalidDpopProof(ProofDefect defect)
    {
        using var key = new DpopKey();
        var app = new ParClient(Slice);

        var result = await app.RedeemAsync("unknown-code", key.Proof("POST", app.TokenUrl, defect: defect));

        Assert.That(result.Status, Is.EqualTo(400));
        Assert.That(result.Error, Is.EqualTo("invalid_dpop_proof"));
    }

    [Test]
    public async Task Fapi2DpopNegativeTests_MissingProofForRequireDpopClient_InvalidDpopProof()
    {
        var result = await new ParClient(Slice).RedeemAsync("unknown-code", proof: null);

        Assert.That(result.Status, Is.EqualTo(400));
        Assert.That(result.Error, Is.EqualTo("invalid_dpop_proof"));
    }

    [Test]
    public async Task Fapi2DpopNegativeTests_ReplayedJti_SecondUseRefused()
    {
        using var key = new DpopKey();
        var app = new ParClient(Slice);
        var proof = key.Proof("POST", app.TokenUrl);

        var first = await app.RedeemAsync("unknown-code", proof);
        var second = await app.RedeemAsync("unknown-code", proof);

        Assert.That(first.Error, Is.EqualTo("invalid_grant"), "the proof itself was accepted");
        Assert.That(second.Error, Is.EqualTo("invalid_dpop_proof"));
    }

    [Test]
    public async Task TokenEndpoint_HtuWithQuery_ComparedWithoutIt()
    {
        using var key = new DpopKey();
        var app = new ParClient(Slice);

        var result = await app.RedeemAsync("unknown-code", key.Proof("POST", app.TokenUrl + "?x=1#f"));

        Assert.That(result.Error, Is.EqualTo("invalid_grant"), "RFC 9449 §4.3 point 9: query and fragment are ignored");
    }

    [Test]
    public async Task TokenEndpoint_TwoDpopHeaders_InvalidDpopProof()
    {
        using var key = new DpopKey();
        var app = new ParClient(Slice);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, app.TokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = "x", ["client_id"] = app.ClientId }),
        };
        request.Headers.TryAddWithoutValidation("DPoP", [key.Proof("POST", app.TokenUrl), key.Proof("POST", app.TokenUrl)]);

        using var response = await http.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("invalid_dpop_proof"));
    }

    [Test]
    public async Task Fapi2EnsureMismatchedDpopJktFails_CodeBoundAtParRedeemedWithOtherKey_Refused()
    {
        using var browser = new BrowserClient();
        using var bound = new DpopKey();
        using var other = new DpopKey();
        var app = new ParClient(Slice);
        var pushed = await app.PushAsync(bound.Proof("POST", app.ParUrl));
        var code = (await app.AuthorizeAsync(browser, pushed.Get("request_uri")!))["code"];

        var result = await app.RedeemAsync(code, other.Proof("POST", app.TokenUrl));

        Assert.That(result.Status, Is.EqualTo(400), result.Json.ToString());
        Assert.That(result.Error, Is.AnyOf("invalid_grant", "invalid_dpop_proof"));
    }

    [Test]
    public async Task Fapi2EnsureMismatchedDpopJktFails_DpopJktParameterAtPar_PublicClientWithoutProof_Refused()
    {
        using var browser = new BrowserClient();
        using var bound = new DpopKey();
        var app = new ParClient(Slice, SliceEnvironment.PublicClientId);
        var pushed = await app.PushAsync(overrides: new Dictionary<string, string?> { ["dpop_jkt"] = bound.Jkt });
        var code = (await app.AuthorizeAsync(browser, pushed.Get("request_uri")!))["code"];

        var result = await app.RedeemAsync(code, proof: null);

        Assert.That(result.Status, Is.EqualTo(400), "a bound code needs a proof by the bound key: " + result.Json);
    }
}
