using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.CryptoPro;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;

namespace IdentityBroker.EsiaEmulator.Crypto;

/// <summary>
/// A client's GOST R 34.10-2012-256 certificate: its DER, its Streebog-256 fingerprint
/// (the expected <c>client_certificate_hash</c>) and its public key.
/// The key is decoded by hand (RFC 9215 / RFC 4491 layout: OCTET STRING of X‖Y, each 32 bytes little-endian)
/// because BouncyCastle 1.8.10 does not map the 2012 OIDs.
/// </summary>
internal sealed class GostCertificate
{
    /// <summary>id-tc26-gost3410-12-256.</summary>
    public const string Gost2012256KeyOid = "1.2.643.7.1.1.1.1";

    private GostCertificate(byte[] der, string hashHex, ECPublicKeyParameters publicKey)
    {
        Der = der;
        HashHex = hashHex;
        PublicKey = publicKey;
    }

    public byte[] Der { get; }

    /// <summary>Upper-case hex Streebog-256 of <see cref="Der"/>.</summary>
    public string HashHex { get; }

    public ECPublicKeyParameters PublicKey { get; }

    public static GostCertificate Load(string path) => FromDer(CertificateFile.ReadDer(path));

    public static GostCertificate FromDer(byte[] der)
    {
        var certificate = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(der));
        var spki = certificate.SubjectPublicKeyInfo;
        var algorithm = spki.AlgorithmID.Algorithm.Id;
        if (algorithm != Gost2012256KeyOid)
        {
            throw new FormatException(
                $"The certificate key algorithm is {algorithm}; ESIA requires GOST R 34.10-2012-256 ({Gost2012256KeyOid}).");
        }

        var parameters = Asn1Sequence.GetInstance(spki.AlgorithmID.Parameters);
        var paramSet = DerObjectIdentifier.GetInstance(parameters[0]);
        var curve = ECGost3410NamedCurves.GetByOidX9(paramSet)
            ?? throw new FormatException($"Unknown GOST curve parameter set {paramSet.Id}.");
        var keyBytes = Asn1OctetString.GetInstance(Asn1Object.FromByteArray(spki.PublicKeyData.GetBytes())).GetOctets();
        if (keyBytes.Length != 64)
        {
            throw new FormatException($"A GOST 2012-256 public key has 64 bytes, this one has {keyBytes.Length}.");
        }

        var x = new BigInteger(1, keyBytes[..32].Reverse().ToArray());
        var y = new BigInteger(1, keyBytes[32..].Reverse().ToArray());
        var point = curve.Curve.CreatePoint(x, y);
        if (!point.IsValid())
        {
            throw new FormatException("The certificate public key is not a point on its curve.");
        }

        var domain = new ECNamedDomainParameters(paramSet, curve);
        return new GostCertificate(der, GostHash.Streebog256Hex(der), new ECPublicKeyParameters(point, domain));
    }
}
