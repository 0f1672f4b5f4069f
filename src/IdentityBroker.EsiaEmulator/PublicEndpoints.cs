using IdentityBroker.EsiaEmulator.Crypto;

namespace IdentityBroker.EsiaEmulator;

/// <summary><c>GET /public/esia.cer</c>: the certificate tokens are signed with (PEM), as ESIA distributes in esia.zip.</summary>
internal static class PublicEndpoints
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/public/esia.cer", (TokenSigningKeys keys) =>
            Results.Text(keys.Primary.Certificate.ExportCertificatePem() + "\n", "application/x-pem-file"));
}
