using System.Collections;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace IdentityBroker.Esia.Signing;

/// <summary>
/// A region's onboarding credentials for the ESIA technology portal (issue #13, docs/regions.md): a fresh GOST
/// R 34.10-2012-256 key pair (tc26 parameter set A) and a PKCS#10 certificate request signed with
/// id-tc26-signwithdigest-gost3410-12-256, built by hand like <see cref="GostCredentialGenerator"/> because BouncyCastle
/// 1.8.10's <c>SignerUtilities</c> does not know the 2012 OIDs. The request goes to the accredited CA; the certificate it
/// issues is what the region file's <c>esia.signer.certificatePath</c> points to (and what is uploaded to ESIA).
/// </summary>
public static class GostCertificateRequest
{
    /// <summary>The key (unencrypted PKCS#8 PEM), the request (PEM "CERTIFICATE REQUEST"), and a self-signed certificate of
    /// the same key for a test stand with the emulator (never for the real ESIA).</summary>
    public static (string PrivateKeyPem, string RequestPem, string SelfSignedCertificatePem) Create(
        IReadOnlyList<(DerObjectIdentifier Type, string Value)> subject, string commonName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var random = new SecureRandom();
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(GostKeyEncoding.DomainParameters(GostOids.ParamSetA256), random));
        var pair = generator.GenerateKeyPair();
        var privateKey = (ECPrivateKeyParameters)pair.Private;
        var publicKey = (ECPublicKeyParameters)pair.Public;

        var name = new X509Name(new ArrayList(subject.Select(s => s.Type).ToList()), new ArrayList(subject.Select(s => s.Value).ToList()));
        var info = new CertificationRequestInfo(name, GostKeyEncoding.EncodePublicKey(publicKey), new DerSet());
        var algorithm = new AlgorithmIdentifier(GostOids.SignWithDigest2012_256);
        var signature = GostSignature.Sign(privateKey, info.GetDerEncoded(), random);
        var request = new CertificationRequest(info, algorithm, new DerBitString(signature));

        var selfSigned = GostCredentialGenerator.CreateCertificateDer(commonName, now.AddDays(-1), now.AddYears(1), privateKey, publicKey, random);
        return (
            GostKeyEncoding.EncodePrivateKeyPem(privateKey),
            new string(PemEncoding.Write("CERTIFICATE REQUEST", request.GetDerEncoded())) + "\n",
            new string(PemEncoding.Write("CERTIFICATE", selfSigned)) + "\n");
    }

    /// <summary>Checks a request PEM: well-formed PKCS#10, GOST 2012-256 signature valid under its own public key.
    /// Returns the subject (RFC 4514-ish string) or null.</summary>
    public static string? VerifyAndReadSubject(string requestPem)
    {
        ArgumentNullException.ThrowIfNull(requestPem);
        var fields = PemEncoding.Find(requestPem);
        if (requestPem[fields.Label] is not "CERTIFICATE REQUEST")
        {
            return null;
        }

        var der = Convert.FromBase64String(requestPem[fields.Base64Data].ToString());
        var request = CertificationRequest.GetInstance(Asn1Object.FromByteArray(der));
        var info = request.GetCertificationRequestInfo();
        if (!request.SignatureAlgorithm.Algorithm.Equals(GostOids.SignWithDigest2012_256))
        {
            return null;
        }

        return GostKeyEncoding.TryDecodePublicKey(info.SubjectPublicKeyInfo) is { } publicKey &&
            GostSignature.Verify(publicKey, info.GetDerEncoded(), request.Signature.GetBytes())
            ? info.Subject.ToString()
            : null;
    }
}
