using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;

namespace IdentityBroker.Esia.Signing;

/// <summary>
/// A certificate read from PEM or DER with the parts the ESIA client needs: its DER bytes, the
/// <c>client_certificate_hash</c> (ESIA.md §2.3) and, for GOST certificates, the public key.
/// </summary>
internal sealed class GostCertificate
{
    private GostCertificate(byte[] der, X509CertificateStructure structure, ECPublicKeyParameters? gostKey)
    {
        Der = der;
        Structure = structure;
        GostPublicKey = gostKey;
        HashHex = Streebog.CertificateHashHex(der);
    }

    public byte[] Der { get; }

    public X509CertificateStructure Structure { get; }

    /// <summary>The GOST R 34.10 public key, or null when the certificate carries another algorithm (e.g. RSA).</summary>
    public ECPublicKeyParameters? GostPublicKey { get; }

    /// <summary>Streebog-256 of <see cref="Der"/> as 64 upper-case hex digits.</summary>
    public string HashHex { get; }

    public static GostCertificate Load(string path) => Parse(File.ReadAllBytes(path));

    public static GostCertificate Parse(byte[] fileBytes)
    {
        var der = ToDer(fileBytes);
        X509CertificateStructure structure;
        try
        {
            structure = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(der));
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidCastException)
        {
            throw new CryptographicException("The file is not an X.509 certificate (PEM or DER).", ex);
        }

        return new GostCertificate(der, structure, GostKeyEncoding.TryDecodePublicKey(structure.SubjectPublicKeyInfo));
    }

    /// <summary>Accepts a PEM "CERTIFICATE" block or raw DER.</summary>
    public static byte[] ToDer(byte[] fileBytes)
    {
        if (fileBytes.Length > 0 && fileBytes[0] == 0x30)
        {
            return fileBytes;
        }

        var text = System.Text.Encoding.ASCII.GetString(fileBytes);
        if (!PemEncoding.TryFind(text, out var fields) || text[fields.Label] != "CERTIFICATE")
        {
            throw new CryptographicException("The file is neither DER nor a PEM 'CERTIFICATE' block.");
        }

        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}
