using Org.BouncyCastle.Crypto.Digests;

namespace IdentityBroker.EsiaEmulator.Crypto;

/// <summary>GOST R 34.11-2012 (Streebog) 256-bit hash.</summary>
internal static class GostHash
{
    public static byte[] Streebog256(byte[] data)
    {
        var digest = new Gost3411_2012_256Digest();
        digest.BlockUpdate(data, 0, data.Length);
        var result = new byte[digest.GetDigestSize()];
        digest.DoFinal(result, 0);
        return result;
    }

    /// <summary>Upper-case hex of the digest as BouncyCastle's <c>DoFinal</c> writes it (ESIA.md §2.3).</summary>
    public static string Streebog256Hex(byte[] data) => Convert.ToHexString(Streebog256(data));
}
