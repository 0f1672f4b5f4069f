using System.Collections;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace IdentityBroker.Esia.Signing;

/// <summary>
/// Creates development/test credentials for ESIA request signing (ESIA.md §2.2-§2.3): a GOST R 34.10-2012-256 key pair
/// (parameter set tc26 A) and a self-signed X.509 v3 certificate signed with id-tc26-signwithdigest-gost3410-12-256.
/// The TBSCertificate is built by hand because BouncyCastle 1.8.10's <c>SignerUtilities</c> does not know the 2012 OIDs.
/// Never use these credentials against the real ESIA: production needs a qualified certificate (ESIA.md §0.2, §2.3).
/// </summary>
public static class GostCredentialGenerator
{
    /// <summary>Generates a key pair and a self-signed certificate.</summary>
    /// <returns>The private key as unencrypted PKCS#8 PEM ("PRIVATE KEY") and the certificate as PEM ("CERTIFICATE").</returns>
    public static (string PrivateKeyPem, string CertificatePem) CreateSelfSigned(
        string subjectCommonName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subjectCommonName);
        if (notAfter <= notBefore)
        {
            throw new ArgumentException("notAfter must be later than notBefore.", nameof(notAfter));
        }

        var random = new SecureRandom();
        var domain = GostKeyEncoding.DomainParameters(GostOids.ParamSetA256);
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(domain, random));
        var pair = generator.GenerateKeyPair();
        var privateKey = (ECPrivateKeyParameters)pair.Private;
        var publicKey = (ECPublicKeyParameters)pair.Public;

        var der = CreateCertificateDer(subjectCommonName, notBefore, notAfter, privateKey, publicKey, random);
        var certificatePem = new string(PemEncoding.Write("CERTIFICATE", der)) + "\n";
        return (GostKeyEncoding.EncodePrivateKeyPem(privateKey), certificatePem);
    }

    internal static byte[] CreateCertificateDer(
        string commonName,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        ECPrivateKeyParameters privateKey,
        ECPublicKeyParameters publicKey,
        SecureRandom random)
    {
        var name = new X509Name(new ArrayList { X509Name.CN }, new ArrayList { commonName });
        var signatureAlgorithm = new AlgorithmIdentifier(GostOids.SignWithDigest2012_256);
        var spki = GostKeyEncoding.EncodePublicKey(publicKey);

        var tbs = new V3TbsCertificateGenerator();
        tbs.SetSerialNumber(new DerInteger(new BigInteger(127, random).Add(BigInteger.One)));
        tbs.SetIssuer(name);
        tbs.SetSubject(name);
        tbs.SetStartDate(new Time(notBefore.UtcDateTime));
        tbs.SetEndDate(new Time(notAfter.UtcDateTime));
        tbs.SetSubjectPublicKeyInfo(spki);
        tbs.SetSignature(signatureAlgorithm);

        var keyId = Streebog.Hash256(spki.PublicKeyData.GetBytes())[..20];
        var extensions = new X509ExtensionsGenerator();
        extensions.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        extensions.AddExtension(
            X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
        extensions.AddExtension(X509Extensions.SubjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId));
        tbs.SetExtensions(extensions.Generate());

        var tbsCertificate = tbs.GenerateTbsCertificate();
        var signature = GostSignature.Sign(privateKey, tbsCertificate.GetDerEncoded(), random);
        var certificate = new DerSequence(tbsCertificate, signatureAlgorithm, new DerBitString(signature));
        return certificate.GetDerEncoded();
    }
}
