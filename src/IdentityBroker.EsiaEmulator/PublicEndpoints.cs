using IdentityBroker.EsiaEmulator.Crypto;

namespace IdentityBroker.EsiaEmulator;

/// <summary>
/// <c>GET /public/esia.cer</c>: the certificate tokens are signed with (PEM), as ESIA distributes in esia.zip;
/// <c>GET /public/esia-rotated.cer</c>: the certificate of the per-process key the "rotated certificate" fault signs
/// with, so a client can prove that adding it to its trusted certificates is enough.
/// </summary>
internal static class PublicEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/public/esia.cer", (TokenSigningKeys keys) => Results.Text(keys.Primary.CertificatePem, "application/x-pem-file"));
        routes.MapGet("/public/esia-rotated.cer", (TokenSigningKeys keys) => Results.Text(keys.Rotated.CertificatePem, "application/x-pem-file"));
    }
}
