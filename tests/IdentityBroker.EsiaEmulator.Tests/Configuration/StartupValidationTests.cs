using IdentityBroker.EsiaEmulator.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace IdentityBroker.EsiaEmulator.Tests.Configuration;

public sealed class StartupValidationTests
{
    [Test]
    public void Start_MissingIssuer_FailsNamingTheKey() =>
        Assert.That(async () => await (await EmulatorHost.StartAsync(new Dictionary<string, string?> { ["Emulator:Issuer"] = "" })).DisposeAsync(),
            Throws.InstanceOf<OptionsValidationException>().With.Message.Contains("Emulator:Issuer is required"));

    [Test]
    public void Start_MissingClientCertificate_FailsNamingTheKeyAndPath() =>
        Assert.That(async () => await (await EmulatorHost.StartAsync(new Dictionary<string, string?>
            {
                ["Emulator:Clients:0:CertificatePath"] = "/nonexistent/client.pem",
            })).DisposeAsync(),
            Throws.InstanceOf<OptionsValidationException>()
                .With.Message.Contains("Emulator:Clients:0:CertificatePath: file '/nonexistent/client.pem' does not exist"));

    [Test]
    public void Start_RsaCertificateAsClientCertificate_FailsExplainingGostIsRequired()
    {
        Assert.That(async () =>
        {
            var probe = await EmulatorHost.StartAsync();
            var rsaCertificate = Path.Combine(Path.GetTempPath(), $"rsa-{Guid.NewGuid():N}.cer");
            await File.WriteAllTextAsync(rsaCertificate, probe.SigningCertificate.ExportCertificatePem());
            await probe.DisposeAsync();
            try
            {
                await (await EmulatorHost.StartAsync(new Dictionary<string, string?> { ["Emulator:Clients:0:CertificatePath"] = rsaCertificate })).DisposeAsync();
            }
            finally
            {
                File.Delete(rsaCertificate);
            }
        }, Throws.InstanceOf<OptionsValidationException>().With.Message.Contains("GOST R 34.10-2012-256"));
    }

    [Test]
    public void Start_LowerCaseClientId_FailsWithFix() =>
        Assert.That(async () => await (await EmulatorHost.StartAsync(new Dictionary<string, string?> { ["Emulator:Clients:0:ClientId"] = "testis" })).DisposeAsync(),
            Throws.InstanceOf<OptionsValidationException>().With.Message.Contains("Emulator:Clients:0:ClientId must be the IS mnemonic in upper case"));
}
