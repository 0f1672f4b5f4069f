using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace IdentityBroker.Esia.Signing;

/// <summary>
/// Raw GOST R 34.10-2012-256 signatures with Streebog-256 (ESIA.md §2.2, §4.1): 64 bytes, s‖r, each 32 bytes big-endian,
/// exactly as BouncyCastle's <see cref="Gost3410DigestSigner"/> produces them (the OpenSSL layout ESIA accepts).
/// </summary>
internal static class GostSignature
{
    public const int Length = 64;

    public static byte[] Sign(ECPrivateKeyParameters key, byte[] data, SecureRandom? random = null)
    {
        var signer = new Gost3410DigestSigner(new ECGost3410Signer(), new Gost3411_2012_256Digest());
        signer.Init(true, random is null ? key : new ParametersWithRandom(key, random));
        signer.BlockUpdate(data, 0, data.Length);
        return signer.GenerateSignature();
    }

    public static bool Verify(ECPublicKeyParameters key, byte[] data, byte[] signature)
    {
        if (signature.Length != Length)
        {
            return false;
        }

        var signer = new Gost3410DigestSigner(new ECGost3410Signer(), new Gost3411_2012_256Digest());
        signer.Init(false, key);
        signer.BlockUpdate(data, 0, data.Length);
        return signer.VerifySignature(signature);
    }
}
