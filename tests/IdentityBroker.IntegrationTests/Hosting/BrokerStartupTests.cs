using IdentityBroker.Server;
using IdentityBroker.Server.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityBroker.IntegrationTests.Hosting;

/// <summary>Missing or invalid configuration stops start-up with a message that names the key and the fix.</summary>
public sealed class BrokerStartupTests
{
    [Test]
    public void Create_NothingConfigured_ListsEveryMissingKeyWithItsFix()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => BrokerApp.Create([], b => b.Configuration.Sources.Clear()));

        var all = string.Join("\n", ex!.Failures);
        Assert.That(all, Does.Contain("IdentityBroker:Issuer must be an absolute URL"));
        Assert.That(all, Does.Contain("IdentityBroker:RegionsDirectory is required"));
        Assert.That(all, Does.Contain("IdentityBroker:PersonalDataPepper must be base64").And.Contain("openssl rand -base64 32"));
        Assert.That(all, Does.Contain("IdentityBroker:SigningKeyEncryptionKey must be base64 of exactly 32"));
        Assert.That(all, Does.Contain("ConnectionStrings:Broker is required"));
    }

    [Test]
    public void Create_HttpIssuerWithoutOptIn_Refused()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => BrokerApp.Create([], b =>
        {
            b.Configuration.Sources.Clear();
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["IdentityBroker:Issuer"] = "http://id.example" });
        }));

        Assert.That(string.Join("\n", ex!.Failures), Does.Contain("IdentityBroker:Issuer must use https"));
    }

    [Test]
    public async Task Cli_UnknownArgument_UsageErrorExit2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await BrokerCommands.RunAsync(["import-directory", "--regoin", "38"], output, error);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error.ToString(), Does.Contain("Unknown argument '--regoin'"));
    }

    [Test]
    public async Task Cli_HashSecret_PrintsBase64Sha256()
    {
        using var output = new StringWriter();

        var code = await BrokerCommands.RunAsync(["hash-secret", "--secret", "s3cret"], output, TextWriter.Null);

        Assert.That(code, Is.EqualTo(0));
        Assert.That(output.ToString().Trim(), Is.EqualTo(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("s3cret"u8.ToArray()))));
    }
}
