using Org.BouncyCastle.Crypto.Digests;

namespace IdentityBroker.Esia.Signing;

/// <summary>GOST R 34.11-2012 (Streebog) helpers, output in BouncyCastle's byte order (ESIA.md §2.3).</summary>
public static class Streebog
{
    /// <summary>Streebog-256 of <paramref name="data"/>.</summary>
    public static byte[] Hash256(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var digest = new Gost3411_2012_256Digest();
        digest.BlockUpdate(data, 0, data.Length);
        var result = new byte[32];
        digest.DoFinal(result, 0);
        return result;
    }

    /// <summary>Streebog-512 of <paramref name="data"/>.</summary>
    public static byte[] Hash512(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var digest = new Gost3411_2012_512Digest();
        digest.BlockUpdate(data, 0, data.Length);
        var result = new byte[64];
        digest.DoFinal(result, 0);
        return result;
    }

    /// <summary>
    /// <c>client_certificate_hash</c> (ESIA.md §2.3): Streebog-256 of the certificate's DER encoding, 64 upper-case hex digits.
    /// </summary>
    public static string CertificateHashHex(byte[] certificateDer) => Convert.ToHexString(Hash256(certificateDer));
}
