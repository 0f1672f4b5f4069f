using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Signers;

namespace IdentityBroker.EsiaEmulator.Crypto;

/// <summary>
/// Verifies a v2/v3 <c>client_secret</c>: a raw GOST R 34.10-2012-256 signature (64 bytes, s‖r as OpenSSL and
/// BouncyCastle write it) over the UTF-8 bytes of the signed string, base64url or standard base64, padding optional
/// (ESIA.md §2.2). Optionally also the byte-reversed (CryptoPro native) form.
/// </summary>
internal static class ClientSecretVerifier
{
    public static bool Verify(GostCertificate certificate, string signedString, string clientSecret, bool acceptReversed)
    {
        var signature = DecodeBase64Lenient(clientSecret);
        if (signature is null || signature.Length != 64)
        {
            return false;
        }

        var data = Encoding.UTF8.GetBytes(signedString);
        if (VerifyRaw(certificate, data, signature))
        {
            return true;
        }

        return acceptReversed && VerifyRaw(certificate, data, signature.Reverse().ToArray());
    }

    /// <summary>Decodes base64 or base64url, with or without padding; null when it is neither.</summary>
    public static byte[]? DecodeBase64Lenient(string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var normalised = value.TrimEnd('=').Replace('-', '+').Replace('_', '/');
        switch (normalised.Length % 4)
        {
            case 2: normalised += "=="; break;
            case 3: normalised += "="; break;
            case 1: return null;
        }

        var buffer = new byte[normalised.Length];
        return Convert.TryFromBase64String(normalised, buffer, out var written) ? buffer[..written] : null;
    }

    private static bool VerifyRaw(GostCertificate certificate, byte[] data, byte[] signature)
    {
        var verifier = new Gost3410DigestSigner(new ECGost3410Signer(), new Gost3411_2012_256Digest());
        verifier.Init(false, certificate.PublicKey);
        verifier.BlockUpdate(data, 0, data.Length);
        return verifier.VerifySignature(signature);
    }
}
