using System.Net;
using System.Text;
using System.Text.Json;
using IdentityBroker.Esia.Signing;

namespace IdentityBroker.Esia.Tests.Signing;

public sealed class RemoteGostRequestSignerTests
{
    private sealed class SigningService(Func<byte[], byte[]> sign) : HttpMessageHandler
    {
        public List<JsonElement> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var json = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
            Requests.Add(json.RootElement.Clone());
            var signature = sign(Convert.FromBase64String(json.RootElement.GetProperty("data").GetString()!));
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($"{{\"signature\":\"{Convert.ToBase64String(signature)}\"}}", Encoding.UTF8, "application/json"),
            };
        }
    }

    private static (RemoteGostRequestSigner Signer, SigningService Service, GostCertificate Cert, TempDirectory Dir) Create(
        Func<Org.BouncyCastle.Crypto.Parameters.ECPrivateKeyParameters, byte[], byte[]> sign)
    {
        var dir = new TempDirectory();
        var (keyPem, certPem) = GostCredentialGenerator.CreateSelfSigned("remote", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        var key = GostKeyEncoding.DecodePrivateKeyPem(keyPem);
        var service = new SigningService(data => sign(key, data));
        var signer = new RemoteGostRequestSigner(
            new HttpClient(service), new Uri("https://signer.test/sign"), "region-38", dir.Write("c.pem", certPem));
        return (signer, service, GostCertificate.Parse(Encoding.ASCII.GetBytes(certPem)), dir);
    }

    [Test]
    public async Task SignAsync_ServiceSignsCorrectly_ReturnsVerifiableSignatureAndSendsContract()
    {
        var (signer, service, cert, dir) = Create((key, data) => GostSignature.Sign(key, data));
        using var _ = dir;
        var data = Encoding.UTF8.GetBytes("TESTSYSopenid");

        var signature = await signer.SignAsync(data, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(GostSignature.Verify(cert.GostPublicKey!, data, signature), Is.True);
            Assert.That(service.Requests.Single().GetProperty("keyId").GetString(), Is.EqualTo("region-38"));
            Assert.That(service.Requests.Single().GetProperty("data").GetString(), Is.EqualTo(Convert.ToBase64String(data)));
            Assert.That(signer.CertificateHashHex, Is.EqualTo(cert.HashHex));
        }
    }

    [Test]
    public void SignAsync_ServiceReturnsCryptoProByteOrder_IsMisconfigured()
    {
        var (signer, _, _, dir) = Create((key, data) => GostSignature.Sign(key, data).Reverse().ToArray());
        using var _ = dir;

        var ex = Assert.ThrowsAsync<EsiaException>(() => signer.SignAsync([1, 2, 3], CancellationToken.None));

        Assert.That(ex!.Kind, Is.EqualTo(EsiaFailureKind.Misconfigured));
    }
}
