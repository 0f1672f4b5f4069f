using IdentityBroker.Server.Protocol.Validation;
using IdentityBroker.Testing;

namespace IdentityBroker.Server.Tests.Protocol;

/// <summary><see cref="Pkce"/>: RFC 7636 §4.1 (verifier syntax), §4.2 (S256), §4.6 (the check at the token endpoint).</summary>
public sealed class PkceTests
{
    /// <summary>RFC 7636 Appendix B: the example verifier and its S256 challenge.</summary>
    private const string Rfc7636Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private const string Rfc7636Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    [Test]
    public void Verify_Rfc7636AppendixB_ExampleVerifierMatchesItsChallenge()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Pkce.Verify(Rfc7636Verifier, Rfc7636Challenge), Is.True);
            Assert.That(ProtocolHashes.PkceChallenge(Rfc7636Verifier), Is.EqualTo(Rfc7636Challenge), "the tests' own S256 agrees with the RFC");
        }
    }

    [Test]
    public void Verify_RandomVerifier_MatchesOwnChallengeOnly()
    {
        var verifier = ProtocolHashes.NewPkceVerifier();
        var other = ProtocolHashes.NewPkceVerifier();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Pkce.Verify(verifier, ProtocolHashes.PkceChallenge(verifier)), Is.True);
            Assert.That(Pkce.Verify(other, ProtocolHashes.PkceChallenge(verifier)), Is.False);
        }
    }

    private static readonly object?[] Refused =
    [
        new object?[] { "Missing", null },
        new object?[] { "TooShort42", new string('a', 42) },
        new object?[] { "TooLong129", new string('a', 129) },
        new object?[] { "Space", new string('a', 42) + " " },
        new object?[] { "Plus", new string('a', 42) + "+" },
        new object?[] { "Slash", new string('a', 42) + "/" },
        new object?[] { "NonAscii", new string('a', 42) + "я" },
    ];

    /// <summary>A verifier outside §4.1's syntax fails even when its hash is the challenge (no "lenient" verifiers).</summary>
    [TestCaseSource(nameof(Refused))]
    public void Verify_Rfc7636Section41_MalformedVerifierWithMatchingChallenge_Refused(string name, string? verifier) =>
        Assert.That(Pkce.Verify(verifier, ProtocolHashes.PkceChallenge(verifier ?? string.Empty)), Is.False, name);

    [TestCase(43)]
    [TestCase(128)]
    public void Verify_Rfc7636Section41_UnreservedCharactersAtLengthBounds_Accepted(int length)
    {
        var verifier = string.Concat(Enumerable.Repeat("aZ9-._~", 19))[..length];

        Assert.That(Pkce.Verify(verifier, ProtocolHashes.PkceChallenge(verifier)), Is.True);
    }

    [Test]
    public void Verify_ChallengeOfPlainMethod_Refused() =>
        Assert.That(Pkce.Verify(Rfc7636Verifier, Rfc7636Verifier), Is.False, "plain (challenge = verifier) is not supported");

    [TestCase(Rfc7636Challenge, true)]
    [TestCase("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c", false)]
    [TestCase("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cMM", false)]
    [TestCase("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM", false)]
    [TestCase("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw=cM", false)]
    public void IsWellFormedChallenge_S256Is43Base64UrlCharacters(string challenge, bool expected) =>
        Assert.That(Pkce.IsWellFormedChallenge(challenge), Is.EqualTo(expected));
}
