using IdentityBroker.Esia.Signing;
using IdentityBroker.Esia.Tests.Signing;

namespace IdentityBroker.Esia.Tests.Client;

public sealed class OptionsValidatorTests
{
    [Test]
    public void Validate_TestEnvironmentRegistration_HasNoErrors()
    {
        using var env = new EsiaTestEnvironment();

        Assert.That(EsiaRegistrationOptionsValidator.Validate("38", env.Registration), Is.Empty);
    }

    [Test]
    public void Validate_MissingClientId_NamesTheKeyAndTheFix()
    {
        using var env = new EsiaTestEnvironment();
        env.Registration.ClientId = "";

        var errors = EsiaRegistrationOptionsValidator.Validate("38", env.Registration);

        Assert.That(errors, Does.Contain(
            "Regions:38:Esia:ClientId is required: set it to the mnemonic registered on the ESIA technology portal."));
    }

    /// <summary>Issue #10 item 7: without the slash every ESIA token would be refused after a successful start.</summary>
    [TestCase("http://esia.gosuslugi.ru")]
    [TestCase("https://esia-portal1.test.gosuslugi.ru")]
    public void Validate_IssuerWithoutTrailingSlash_NamesTheKeyAndTheFix(string issuer)
    {
        using var env = new EsiaTestEnvironment();
        env.Registration.Issuer = issuer;

        var errors = EsiaRegistrationOptionsValidator.Validate("38", env.Registration);

        Assert.That(errors, Has.One.StartsWith("Regions:38:Esia:Issuer").And.Contains("trailing slash").And.Contains($"Set it to '{issuer}/'"));
    }

    [Test]
    public void Validate_DefaultOptions_ReportsEveryMissingPiece()
    {
        var errors = EsiaRegistrationOptionsValidator.Validate("55", new EsiaRegistrationOptions());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Has.Some.StartsWith("Regions:55:Esia:ClientId"));
            Assert.That(errors, Has.Some.StartsWith("Regions:55:Esia:RedirectUri"));
            Assert.That(errors, Has.Some.StartsWith("Regions:55:Esia:Signer:KeyPath"));
            Assert.That(errors, Has.Some.StartsWith("Regions:55:Esia:Signer:CertificatePath"));
            Assert.That(errors, Has.Some.StartsWith("Regions:55:Esia:TrustedCertificates"));
        }
    }

    [Test]
    public void Validate_MissingTrustedCertificateFile_NamesItsIndex()
    {
        using var env = new EsiaTestEnvironment();
        env.Registration.TrustedCertificates.Add("/nonexistent/esia.cer");

        var errors = EsiaRegistrationOptionsValidator.Validate("38", env.Registration);

        Assert.That(errors, Has.One.StartsWith("Regions:38:Esia:TrustedCertificates:2: file '/nonexistent/esia.cer' does not exist"));
    }

    [Test]
    public void Validate_CertificateFileThatIsNotACertificate_IsReported()
    {
        using var env = new EsiaTestEnvironment();
        using var dir = new TempDirectory();
        env.Registration.TrustedCertificates[0] = dir.Write("junk.cer", "hello");

        var errors = EsiaRegistrationOptionsValidator.Validate("38", env.Registration);

        Assert.That(errors, Has.One.Contains("TrustedCertificates:0").And.Contains("could not be read"));
    }

    [Test]
    public void Validate_KeyOfAnotherCertificate_IsReported()
    {
        using var env = new EsiaTestEnvironment();
        using var dir = new TempDirectory();
        var (otherKey, _) = GostCredentialGenerator.CreateSelfSigned("x", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        env.Registration.Signer.KeyPath = dir.Write("other.key", otherKey);

        var errors = EsiaRegistrationOptionsValidator.Validate("38", env.Registration);

        Assert.That(errors, Has.One.Contains("does not hold the private key"));
    }

    [Test]
    public void Validate_RemoteSignerWithoutUrl_IsReported()
    {
        using var env = new EsiaTestEnvironment();
        env.Registration.Signer.Kind = "remote";

        var errors = EsiaRegistrationOptionsValidator.Validate("38", env.Registration);

        Assert.That(errors, Has.One.StartsWith("Regions:38:Esia:Signer:Url"));
    }

    [Test]
    public void Validate_LowerCaseMnemonic_IsReported()
    {
        using var env = new EsiaTestEnvironment();
        env.Registration.ClientId = "testsys";

        Assert.That(EsiaRegistrationOptionsValidator.Validate("38", env.Registration), Has.One.StartsWith("Regions:38:Esia:ClientId must"));
    }
}
