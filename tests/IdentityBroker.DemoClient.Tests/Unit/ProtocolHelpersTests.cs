using System.Text;
using IdentityBroker.DemoClient.Endpoints;
using IdentityBroker.DemoClient.Oidc;

namespace IdentityBroker.DemoClient.Tests.Unit;

public sealed class ProtocolHelpersTests
{
    [Test]
    public void BasicCredentials_ReservedCharacters_AreFormUrlEncodedBeforeBase64()
    {
        var header = TokenClient.BasicCredentials("diary:77", "p@ss word/+");

        Assert.That(Encoding.UTF8.GetString(Convert.FromBase64String(header)), Is.EqualTo("diary%3A77:p%40ss+word%2F%2B"));
    }

    [Test]
    public void AtHashMatches_OidcCoreExample_IsTrue()
    {
        // OpenID Connect Core 1.0, Appendix A.4 (RS256).
        Assert.That(IdTokenValidator.AtHashMatches("77QmUPtjPfzWtF2AnpK9RQ", "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y", "RS256"), Is.True);
    }

    [TestCase("77QmUPtjPfzWtF2AnpK9RQ", "another-access-token", "RS256")]
    [TestCase("77QmUPtjPfzWtF2AnpK9RQ", "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y", "RS384")]
    [TestCase("77QmUPtjPfzWtF2AnpK9RQ", "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y", "EdDSA")]
    public void AtHashMatches_WrongTokenOrAlgorithm_IsFalse(string atHash, string accessToken, string alg)
    {
        Assert.That(IdTokenValidator.AtHashMatches(atHash, accessToken, alg), Is.False);
    }

    [TestCase(null, false)]
    [TestCase("", false)]
    [TestCase("https://broker.test", true)]
    [TestCase("https://broker.test", false)]
    public void CheckIssuer_AbsentOrMatching_Passes(string? iss, bool advertised)
    {
        Assert.DoesNotThrow(() => CallbackEndpoints.CheckIssuer(iss, "https://broker.test", advertised));
    }

    [TestCase("https://evil.test", false)]
    [TestCase("https://broker.test/", false)]
    [TestCase(null, true)]
    public void CheckIssuer_OtherOrMissingWhenAdvertised_ThrowsIssuerMismatch(string? iss, bool advertised)
    {
        var ex = Assert.Throws<OidcFlowException>(() => CallbackEndpoints.CheckIssuer(iss, "https://broker.test", advertised));

        Assert.That(ex!.Code, Is.EqualTo("issuer_mismatch"));
    }
}
