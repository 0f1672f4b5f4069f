using System.Security.Cryptography;
using IdentityBroker.Core.People;
using IdentityBroker.Esia.Tests.Client;

namespace IdentityBroker.Esia.Tests.Tokens;

/// <summary>ESIA certificate rotation without a restart: a trusted PEM file may be a bundle; appending to it is picked up.</summary>
public sealed class TrustedBundleTests
{
    [Test]
    public async Task CompleteSignIn_NewCertificateAppendedToTrustedFile_AcceptedWithoutRestart()
    {
        using var env = new EsiaTestEnvironment();
        using var next = RSA.Create(2048);
        var nextPath = env.WriteRsaCertificate("esia-rsa-next.crt", next);
        env.SignToken = (claims, sbt) => TestTokens.SignRs256(claims, sbt, next);
        var refused = Assert.ThrowsAsync<EsiaException>(env.SignInAsync);
        Assert.That(refused!.Message, Does.Contain("signature"));

        await File.AppendAllTextAsync(env.Registration.TrustedCertificates[0], await File.ReadAllTextAsync(nextPath));
        var result = await env.SignInAsync();

        Assert.That(result.Person.Level, Is.EqualTo(AccountLevel.Confirmed));
        env.SignToken = (claims, sbt) => TestTokens.SignRs256(claims, sbt, env.EsiaRsaKey);
        Assert.That((await env.SignInAsync()).Person.Oid, Is.EqualTo("1000299681"), "the first certificate of the bundle still counts");
    }

    [Test]
    public void Validate_BundleOfTwoCertificates_HasNoErrors()
    {
        using var env = new EsiaTestEnvironment();
        using var next = RSA.Create(2048);
        File.AppendAllText(env.Registration.TrustedCertificates[0], File.ReadAllText(env.WriteRsaCertificate("n.crt", next)));

        Assert.That(EsiaRegistrationOptionsValidator.Validate(EsiaTestEnvironment.Region, env.Registration), Is.Empty);
    }
}
