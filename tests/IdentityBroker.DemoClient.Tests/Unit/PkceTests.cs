using IdentityBroker.DemoClient.Oidc;

namespace IdentityBroker.DemoClient.Tests.Unit;

public sealed class PkceTests
{
    [Test]
    public void S256Challenge_Rfc7636AppendixBVerifier_ReturnsPublishedChallenge()
    {
        var challenge = Pkce.S256Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

        Assert.That(challenge, Is.EqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    }

    [Test]
    public void NewRandomValue_CalledTwice_ReturnsDistinct43CharacterBase64UrlValues()
    {
        var first = Pkce.NewRandomValue();
        var second = Pkce.NewRandomValue();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Has.Length.EqualTo(43).And.Match("^[A-Za-z0-9_-]+$"));
            Assert.That(second, Has.Length.EqualTo(43).And.Match("^[A-Za-z0-9_-]+$"));
            Assert.That(second, Is.Not.EqualTo(first));
        }
    }

    [TestCase("abc", "abc", true)]
    [TestCase("abc", "abd", false)]
    [TestCase("abc", "ab", false)]
    [TestCase("abc", null, false)]
    [TestCase(null, null, false)]
    public void FixedTimeEquals_Inputs_ComparesExactly(string? expected, string? actual, bool outcome)
    {
        Assert.That(Pkce.FixedTimeEquals(expected, actual), Is.EqualTo(outcome));
    }
}
