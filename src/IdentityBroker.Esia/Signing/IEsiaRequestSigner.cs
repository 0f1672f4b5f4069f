namespace IdentityBroker.Esia.Signing;

/// <summary>
/// Produces <c>client_secret</c> signatures and the <c>client_certificate_hash</c> for one ESIA registration
/// (ESIA.md §2.2, §2.3).
/// </summary>
public interface IEsiaRequestSigner
{
    /// <summary>Streebog-256 of the registered certificate's DER, 64 upper-case hex digits (ESIA.md §2.3).</summary>
    string CertificateHashHex { get; }

    /// <summary>
    /// Signs <paramref name="data"/> with GOST R 34.10-2012-256 / Streebog-256 and returns the raw 64-byte signature,
    /// s‖r big-endian (ESIA.md §2.2 canonical layout).
    /// </summary>
    Task<byte[]> SignAsync(byte[] data, CancellationToken ct);
}
