using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.CryptoPro;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Rosstandart;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace IdentityBroker.EsiaEmulator.Tests.Infrastructure;

/// <summary>
/// A throwaway GOST R 34.10-2012-256 key pair with a self-signed certificate, built by hand because BouncyCastle 1.8.10's
/// SignerUtilities and SubjectPublicKeyInfoFactory do not know the 2012 OIDs. Test-side code, independent of the emulator's.
/// </summary>
internal sealed class GostTestKey
{
    private static readonly DerObjectIdentifier KeyAlgorithm = new("1.2.643.7.1.1.1.1");
    private static readonly DerObjectIdentifier DigestAlgorithm = new("1.2.643.7.1.1.2.2");
    private static readonly DerObjectIdentifier SignatureAlgorithm = new("1.2.643.7.1.1.3.2");

    private readonly AsymmetricKeyParameter _privateKey;
    private readonly AsymmetricKeyParameter _publicKey;

    private GostTestKey(AsymmetricKeyParameter privateKey, AsymmetricKeyParameter publicKey, byte[] certificateDer)
    {
        _privateKey = privateKey;
        _publicKey = publicKey;
        CertificateDer = certificateDer;
    }

    /// <summary>The private key as unencrypted PKCS#8 PEM (RFC 9215: OCTET STRING of d little-endian).</summary>
    public string PrivateKeyPem
    {
        get
        {
            var key = (ECPrivateKeyParameters)_privateKey;
            var paramSet = ((ECNamedDomainParameters)key.Parameters).Name;
            var info = new PrivateKeyInfo(
                new AlgorithmIdentifier(KeyAlgorithm, new DerSequence(paramSet, DigestAlgorithm)), new DerOctetString(LittleEndian32(key.D)));
            return "-----BEGIN PRIVATE KEY-----\n" + Convert.ToBase64String(info.GetDerEncoded(), Base64FormattingOptions.InsertLineBreaks) +
                   "\n-----END PRIVATE KEY-----\n";
        }
    }

    /// <summary>Verifies a raw 64-byte s‖r signature over the ASCII text.</summary>
    public bool Verify(string text, byte[] signature)
    {
        var verifier = new Gost3410DigestSigner(new ECGost3410Signer(), new Gost3411_2012_256Digest());
        verifier.Init(false, _publicKey);
        var data = Encoding.ASCII.GetBytes(text);
        verifier.BlockUpdate(data, 0, data.Length);
        return verifier.VerifySignature(signature);
    }

    public byte[] CertificateDer { get; }

    /// <summary>Streebog-256 of the DER as upper-case hex, computed with BouncyCastle directly.</summary>
    public string CertificateHash
    {
        get
        {
            var digest = new Gost3411_2012_256Digest();
            digest.BlockUpdate(CertificateDer, 0, CertificateDer.Length);
            var hash = new byte[32];
            digest.DoFinal(hash, 0);
            return Convert.ToHexString(hash);
        }
    }

    public string CertificatePem =>
        "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(CertificateDer, Base64FormattingOptions.InsertLineBreaks) +
        "\n-----END CERTIFICATE-----\n";

    public static GostTestKey Create(string commonName = "Test IS")
    {
        var paramSet = RosstandartObjectIdentifiers.id_tc26_gost_3410_12_256_paramSetA;
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(
            new ECNamedDomainParameters(paramSet, ECGost3410NamedCurves.GetByOidX9(paramSet)), new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var q = ((ECPublicKeyParameters)pair.Public).Q.Normalize();
        var keyBytes = LittleEndian32(q.AffineXCoord.ToBigInteger()).Concat(LittleEndian32(q.AffineYCoord.ToBigInteger())).ToArray();

        var spki = new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(KeyAlgorithm, new DerSequence(paramSet, DigestAlgorithm)),
            new DerOctetString(keyBytes).GetEncoded());
        var signatureAlgorithm = new AlgorithmIdentifier(SignatureAlgorithm);
        var name = new X509Name($"CN={commonName},O=Test");
        var tbs = new V3TbsCertificateGenerator();
        tbs.SetSerialNumber(new DerInteger(new BigInteger(64, new SecureRandom())));
        tbs.SetIssuer(name);
        tbs.SetSubject(name);
        tbs.SetStartDate(new Time(DateTime.UtcNow.AddDays(-1)));
        tbs.SetEndDate(new Time(DateTime.UtcNow.AddYears(1)));
        tbs.SetSignature(signatureAlgorithm);
        tbs.SetSubjectPublicKeyInfo(spki);
        var tbsCertificate = tbs.GenerateTbsCertificate();

        var signature = Sign(pair.Private, tbsCertificate.GetDerEncoded());
        var certificate = new DerSequence(tbsCertificate, signatureAlgorithm, new DerBitString(signature));
        return new GostTestKey(pair.Private, pair.Public, certificate.GetDerEncoded());
    }

    /// <summary>Raw 64-byte signature exactly as BouncyCastle produces it (the canonical s‖r layout).</summary>
    public byte[] SignRaw(string text) => Sign(_privateKey, Encoding.UTF8.GetBytes(text));

    /// <summary>The client_secret: base64url without padding (ESIA.md §2.2).</summary>
    public string SignBase64Url(string text) =>
        Convert.ToBase64String(SignRaw(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Sign(AsymmetricKeyParameter key, byte[] data)
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
