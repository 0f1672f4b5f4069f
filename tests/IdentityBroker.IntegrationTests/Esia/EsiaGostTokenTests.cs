using System.Text.Json;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.IdentityModel.Tokens;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace IdentityBroker.IntegrationTests.Esia;

/// <summary>
/// The emulator signs its tokens with GOST3410_2012_256 (<c>Emulator:TokenAlgorithm</c>), and the broker, trusting only
/// the emulator's GOST certificate, verifies them for real (issue #4).
/// </summary>
[CancelAfter(120_000)]
public sealed class EsiaGostTokenTests
{
    private SliceEnvironment _slice = null!;
    private EmulatorControl _emulator = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _slice = await SliceEnvironment.StartAsync(esia: new EsiaSliceOptions { GostTokens = true });
        _emulator = new EmulatorControl(_slice);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _emulator.Dispose();
        await _slice.DisposeAsync();
    }

    [TearDown]
    public Task ClearAsync() => _emulator.ResetAsync();

    [Test]
    public async Task SignIn_GostSignedEsiaTokens_VerifiedAgainstTheTrustedGostCertificate()
    {
        using var browser = new BrowserClient();

        var callback = await EsiaFlows.UpToCallbackAsync(browser, _slice, "confirmed-adult");
        var home = await browser.GetAsync(callback);

        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1001"), home.Body);
        var code = new Uri(callback).Query.Split('&').Single(p => p.TrimStart('?').StartsWith("code=", StringComparison.Ordinal)).Split('=')[1];
        using var header = JsonDocument.Parse(Base64UrlEncoder.Decode(Uri.UnescapeDataString(code).Split('.')[0]));
        Assert.That(header.RootElement.GetProperty("alg").GetString(), Is.EqualTo("GOST3410_2012_256"), "ESIA's JWTs (the code too) are GOST-signed");
        Assert.That(TrustedKeyAlgorithms(), Is.EqualTo(new[] { "1.2.643.7.1.1.1.1" }), "the broker trusts only a GOST R 34.10-2012-256 certificate");
    }

    [Test]
    public async Task SignIn_GostTokensWithCorruptedSignature_ServiceMisconfigured()
    {
        await _emulator.SetFaultsAsync(new { badTokenSignature = true });
        using var browser = new BrowserClient();

        var page = await browser.GetAsync(await EsiaFlows.UpToCallbackAsync(browser, _slice, "confirmed-adult"));

        Assert.That((await EsiaFlows.RefusalAsync(_slice, page)).Reason, Is.EqualTo("service_misconfigured"));
    }

    [Test]
    public async Task SignIn_RotatedGostKeyAppendedToTrustedBundle_SignsIn()
    {
        await _emulator.SetFaultsAsync(new { rotatedCertificate = true });
        var original = await File.ReadAllTextAsync(_slice.Esia.TrustedBundlePath);
        try
        {
            using var before = new BrowserClient();
            var refused = await before.GetAsync(await EsiaFlows.UpToCallbackAsync(before, _slice, "confirmed-adult"));
            Assert.That((await EsiaFlows.RefusalAsync(_slice, refused)).Reason, Is.EqualTo("service_misconfigured"));

            await File.AppendAllTextAsync(_slice.Esia.TrustedBundlePath, await _emulator.GetTextAsync("/public/esia-rotated.cer"));

            using var after = new BrowserClient();
            var home = await after.GetAsync(await EsiaFlows.UpToCallbackAsync(after, _slice, "confirmed-adult"));
            Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1001"), home.Body);
        }
        finally
        {
            await File.WriteAllTextAsync(_slice.Esia.TrustedBundlePath, original);
        }
    }

    private string[] TrustedKeyAlgorithms()
    {
        var pem = File.ReadAllText(_slice.Esia.TrustedBundlePath);
        var body = pem.Split("-----")[2];
        var certificate = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))))));
        return [certificate.SubjectPublicKeyInfo.AlgorithmID.Algorithm.Id];
    }
}
