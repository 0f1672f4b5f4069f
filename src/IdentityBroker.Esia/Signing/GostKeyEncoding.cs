using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.CryptoPro;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;

namespace IdentityBroker.Esia.Signing;

/// <summary>
/// PKCS#8 and SubjectPublicKeyInfo encodings of GOST R 34.10-2012-256 keys (RFC 9215 / RFC 4491 layout):
/// the algorithm parameters are <c>SEQUENCE { publicKeyParamSet, digestParamSet }</c>; the private key is an OCTET STRING
/// holding d little-endian (INTEGER is accepted when reading); the public key is an OCTET STRING of X‖Y, each 32 bytes
/// little-endian, wrapped in the BIT STRING.
/// </summary>
internal static class GostKeyEncoding
{
    private const string PrivateKeyLabel = "PRIVATE KEY";

    public static ECNamedDomainParameters DomainParameters(DerObjectIdentifier paramSet)
    {
        var x9 = ECGost3410NamedCurves.GetByOidX9(paramSet)
            ?? throw new CryptographicException($"Unknown GOST R 34.10 parameter set {paramSet.Id}.");
        return new ECNamedDomainParameters(paramSet, x9);
    }

    public static AlgorithmIdentifier PublicKeyAlgorithm(DerObjectIdentifier paramSet) =>
        new(GostOids.PublicKey2012_256, new DerSequence(paramSet, GostOids.Digest2012_256));

    public static string EncodePrivateKeyPem(ECPrivateKeyParameters key)
    {
        var paramSet = ((ECNamedDomainParameters)key.Parameters).Name;
        var littleEndian = ToFixedBytes(key.D, 32);
        Array.Reverse(littleEndian);
        var info = new PrivateKeyInfo(PublicKeyAlgorithm(paramSet), new DerOctetString(littleEndian));
        return new string(PemEncoding.Write(PrivateKeyLabel, info.GetDerEncoded())) + "\n";
    }

    public static ECPrivateKeyParameters DecodePrivateKeyPem(string pem)
    {
        byte[] der;
        try
        {
            var fields = PemEncoding.Find(pem);
            if (pem[fields.Label] != PrivateKeyLabel)
            {
                throw new CryptographicException($"Expected a PEM block labelled '{PrivateKeyLabel}' (PKCS#8, unencrypted).");
            }

            der = Convert.FromBase64String(pem[fields.Base64Data]);
        }
        catch (ArgumentException ex)
        {
            throw new CryptographicException("The key file is not PEM.", ex);
        }

        var info = PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(der));
        var paramSet = ReadParamSet(info.PrivateKeyAlgorithm);
        var inner = info.ParsePrivateKey();
        BigInteger d = inner switch
        {
            DerInteger integer => integer.PositiveValue,
            Asn1OctetString octets => FromLittleEndian(octets.GetOctets()),
            _ => throw new CryptographicException("Unsupported GOST private key encoding."),
        };
        return new ECPrivateKeyParameters(d, DomainParameters(paramSet));
    }

    public static SubjectPublicKeyInfo EncodePublicKey(ECPublicKeyParameters key)
    {
        var paramSet = ((ECNamedDomainParameters)key.Parameters).Name;
        var q = key.Q.Normalize();
        var x = ToFixedBytes(q.AffineXCoord.ToBigInteger(), 32);
        var y = ToFixedBytes(q.AffineYCoord.ToBigInteger(), 32);
        Array.Reverse(x);
        Array.Reverse(y);
        var raw = new byte[64];
        x.CopyTo(raw, 0);
        y.CopyTo(raw, 32);
        return new SubjectPublicKeyInfo(PublicKeyAlgorithm(paramSet), new DerOctetString(raw).GetDerEncoded());
    }

    /// <summary>Reads a GOST 2012-256 (or 2001) public key; null when the key is of another algorithm.</summary>
    public static ECPublicKeyParameters? TryDecodePublicKey(SubjectPublicKeyInfo info)
    {
        var oid = info.AlgorithmID.Algorithm;
        if (!oid.Equals(GostOids.PublicKey2012_256) && !oid.Equals(GostOids.PublicKey2001))
        {
            return null;
        }

        var paramSet = ReadParamSet(info.AlgorithmID);
        var raw = Asn1OctetString.GetInstance(Asn1Object.FromByteArray(info.PublicKeyData.GetBytes())).GetOctets();
        if (raw.Length != 64)
        {
            throw new CryptographicException("A GOST R 34.10-2012-256 public key must be 64 bytes.");
        }

        var domain = DomainParameters(paramSet);
        var x = FromLittleEndian(raw.AsSpan(0, 32).ToArray());
        var y = FromLittleEndian(raw.AsSpan(32, 32).ToArray());
        var point = domain.Curve.ValidatePoint(x, y);
        return new ECPublicKeyParameters(point, domain);
    }

    public static ECPublicKeyParameters PublicFromPrivate(ECPrivateKeyParameters key) =>
        new(key.Parameters.G.Multiply(key.D).Normalize(), key.Parameters);

    internal static byte[] ToFixedBytes(BigInteger value, int length)
    {
        var bytes = value.ToByteArrayUnsigned();
        if (bytes.Length > length)
        {
            throw new CryptographicException("Value too large.");
        }

        var result = new byte[length];
        bytes.CopyTo(result, length - bytes.Length);
        return result;
    }

    private static BigInteger FromLittleEndian(byte[] littleEndian)
    {
        var bigEndian = (byte[])littleEndian.Clone();
        Array.Reverse(bigEndian);
        return new BigInteger(1, bigEndian);
    }

    private static DerObjectIdentifier ReadParamSet(AlgorithmIdentifier algorithm)
    {
        if (!algorithm.Algorithm.Equals(GostOids.PublicKey2012_256) && !algorithm.Algorithm.Equals(GostOids.PublicKey2001))
        {
            throw new CryptographicException(
                $"Expected a GOST R 34.10-2012-256 key ({GostOids.PublicKey2012_256.Id}), found {algorithm.Algorithm.Id}.");
        }

        var parameters = Asn1Sequence.GetInstance(algorithm.Parameters);
        return DerObjectIdentifier.GetInstance(parameters[0]);
    }
}
