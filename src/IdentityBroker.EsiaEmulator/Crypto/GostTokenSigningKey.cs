using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.CryptoPro;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Rosstandart;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace IdentityBroker.EsiaEmulator.Crypto;

/// <summary>
/// A GOST R 34.10-2012-256 key signing tokens as <c>GOST3410_2012_256</c>: Streebog-256 over ASCII
/// <c>header.payload</c>, the 64-byte s‖r big-endian signature BouncyCastle and OpenSSL write (ESIA.md §4.1).
/// The key file is unencrypted PKCS#8 PEM (RFC 9215: OCTET STRING of d little-endian; INTEGER accepted).
/// </summary>
internal sealed class GostTokenSigningKey : TokenSigningKey
{
    private static readonly DerObjectIdentifier KeyAlgorithm = new(GostCertificate.Gost2012256KeyOid);
    private static readonly DerObjectIdentifier DigestAlgorithm = new("1.2.643.7.1.1.2.2");
    private static readonly DerObjectIdentifier SignatureAlgorithm = new("1.2.643.7.1.1.3.2");

    private readonly ECPrivateKeyParameters _privateKey;
    private readonly ECPublicKeyParameters _publicKey;

    private GostTokenSigningKey(ECPrivateKeyParameters privateKey, ECPublicKeyParameters publicKey, byte[] certificateDer)
        : base(certificateDer)
    {
        _privateKey = privateKey;
        _publicKey = publicKey;
    }

    public override string Algorithm => Gost256;

    public override byte[] Sign(byte[] data) => Sign(_privateKey, data);

    public override bool Verify(byte[] data, byte[] signature)
    {
        if (signature.Length != 64)
        {
            return false;
        }

        var verifier = new Gost3410DigestSigner(new ECGost3410Signer(), new Gost3411_2012_256Digest());
        verifier.Init(false, _publicKey);
        verifier.BlockUpdate(data, 0, data.Length);
        return verifier.VerifySignature(signature);
    }

    public static GostTokenSigningKey Load(string keyPath, string certificatePath)
    {
        var certificate = GostCertificate.Load(certificatePath);
        var key = ReadPrivateKey(File.ReadAllText(keyPath), (ECNamedDomainParameters)certificate.PublicKey.Parameters);
        if (!key.Parameters.G.Multiply(key.D).Normalize().Equals(certificate.PublicKey.Q.Normalize()))
        {
            throw new FormatException("The GOST signing key does not belong to the signing certificate.");
        }

        return new GostTokenSigningKey(key, certificate.PublicKey, certificate.Der);
    }

    /// <summary>A fresh GOST key with a self-signed certificate (paramSetA), for the rotated-key fault.</summary>
    public static GostTokenSigningKey CreateEphemeral(string commonName)
    {
        var paramSet = RosstandartObjectIdentifiers.id_tc26_gost_3410_12_256_paramSetA;
        var domain = new ECNamedDomainParameters(paramSet, ECGost3410NamedCurves.GetByOidX9(paramSet));
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(domain, new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var publicKey = (ECPublicKeyParameters)pair.Public;
        var q = publicKey.Q.Normalize();
        var keyBytes = LittleEndian32(q.AffineXCoord.ToBigInteger()).Concat(LittleEndian32(q.AffineYCoord.ToBigInteger())).ToArray();

        var signatureAlgorithm = new AlgorithmIdentifier(SignatureAlgorithm);
        var name = new X509Name($"CN={commonName}");
        var tbs = new V3TbsCertificateGenerator();
        tbs.SetSerialNumber(new DerInteger(new BigInteger(64, new SecureRandom())));
        tbs.SetIssuer(name);
        tbs.SetSubject(name);
        tbs.SetStartDate(new Time(DateTime.UtcNow.AddDays(-1)));
        tbs.SetEndDate(new Time(DateTime.UtcNow.AddYears(1)));
        tbs.SetSignature(signatureAlgorithm);
        tbs.SetSubjectPublicKeyInfo(new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(KeyAlgorithm, new DerSequence(paramSet, DigestAlgorithm)),
            new DerOctetString(keyBytes).GetEncoded()));
        var tbsCertificate = tbs.GenerateTbsCertificate();
        var privateKey = (ECPrivateKeyParameters)pair.Private;
        var certificate = new DerSequence(
            tbsCertificate, signatureAlgorithm, new DerBitString(Sign(privateKey, tbsCertificate.GetDerEncoded())));
        return new GostTokenSigningKey(privateKey, publicKey, certificate.GetDerEncoded());
    }

    private static ECPrivateKeyParameters ReadPrivateKey(string pem, ECNamedDomainParameters domain)
    {
        const string Begin = "-----BEGIN PRIVATE KEY-----";
        const string End = "-----END PRIVATE KEY-----";
        var start = pem.IndexOf(Begin, StringComparison.Ordinal);
        var end = pem.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new FormatException("The GOST signing key must be an unencrypted PKCS#8 PEM block ('BEGIN PRIVATE KEY').");
        }

        var der = Convert.FromBase64String(string.Concat(pem[(start + Begin.Length)..end].Where(c => !char.IsWhiteSpace(c))));
        var info = PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(der));
        if (info.PrivateKeyAlgorithm.Algorithm.Id != GostCertificate.Gost2012256KeyOid)
        {
            throw new FormatException($"The signing key is not a GOST R 34.10-2012-256 key ({GostCertificate.Gost2012256KeyOid}).");
        }

        BigInteger d = info.ParsePrivateKey() switch
        {
            DerInteger integer => integer.PositiveValue,
            Asn1OctetString octets => new BigInteger(1, octets.GetOctets().Reverse().ToArray()),
            _ => throw new FormatException("Unsupported GOST private key encoding."),
        };
        return new ECPrivateKeyParameters(d, domain);
    }

    private static byte[] Sign(ECPrivateKeyParameters key, byte[] data)
    {
        var signer = new Gost3410DigestSigner(new ECGost3410Signer(), new Gost3411_2012_256Digest());
        signer.Init(true, key);
        signer.BlockUpdate(data, 0, data.Length);
        return signer.GenerateSignature();
    }

    private static byte[] LittleEndian32(BigInteger value)
    {
        var bigEndian = value.ToByteArrayUnsigned();
        var padded = new byte[32];
        bigEndian.CopyTo(padded, 32 - bigEndian.Length);
        Array.Reverse(padded);
        return padded;
    }
}
