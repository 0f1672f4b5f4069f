using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using IdentityBroker.Esia.Signing;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityBroker.Esia.Tests.Signing;

/// <summary>
/// The remote signer contract of Signing/REMOTE-SIGNER.md over real HTTP: a tiny signing service on loopback
/// (HttpListener) holding the GOST key, and the ESIA client configured with <c>Signer:Kind = remote</c> through DI.
/// </summary>
public sealed class RemoteSignerHttpContractTests
{
    [Test]
    public async Task BuildAuthorizationUrl_RemoteSignerOverHttp_SendsTheContractAndUsesAVerifiableSignature()
    {
        using var dir = new TempDirectory();
        var (keyPem, certPem) = GostCredentialGenerator.CreateSelfSigned("TESTSYS", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var key = GostKeyEncoding.DecodePrivateKeyPem(keyPem);
        var certificate = GostCertificate.Parse(Encoding.ASCII.GetBytes(certPem));
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var seen = new List<(string Method, string? ContentType, JsonElement Body)>();
        var service = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream);
            using var json = JsonDocument.Parse(await reader.ReadToEndAsync());
            seen.Add((context.Request.HttpMethod, context.Request.ContentType, json.RootElement.Clone()));
            var signature = GostSignature.Sign(key, Convert.FromBase64String(json.RootElement.GetProperty("data").GetString()!));
            var answer = Encoding.UTF8.GetBytes($"{{\"signature\":\"{Convert.ToBase64String(signature)}\"}}");
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        });

        var services = new ServiceCollection().AddLogging();
        services.AddEsiaClient();
        await using var provider = services.BuildServiceProvider();
        var registration = new EsiaRegistrationOptions
        {
            BaseUrl = "https://esia.test", ClientId = "TESTSYS", RedirectUri = "https://broker.test/signin-esia",
            Signer = new EsiaSignerOptions { Kind = "remote", Url = $"http://127.0.0.1:{port}/sign", KeyId = "region-38", CertificatePath = dir.Write("c.pem", certPem) },
        };
        var state = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;

        var url = await provider.GetRequiredService<IEsiaClient>().BuildAuthorizationUrlAsync("38", registration, state, now, CancellationToken.None);
        await service;

        var query = url.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        var signed = "TESTSYS" + string.Join(' ', registration.Scopes) + query["timestamp"] + state.ToString("D") + registration.RedirectUri;
        var (method, contentType, body) = seen.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(method, Is.EqualTo("POST"));
            Assert.That(contentType, Does.StartWith("application/json"));
            Assert.That(body.GetProperty("keyId").GetString(), Is.EqualTo("region-38"));
            Assert.That(Encoding.UTF8.GetString(Convert.FromBase64String(body.GetProperty("data").GetString()!)), Is.EqualTo(signed),
                "data: standard base64 of the exact signed string");
            Assert.That(GostSignature.Verify(certificate.GostPublicKey!, Encoding.UTF8.GetBytes(signed), Base64Url.Decode(query["client_secret"])), Is.True);
            Assert.That(query["client_certificate_hash"], Is.EqualTo(certificate.HashHex));
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
