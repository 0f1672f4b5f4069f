using System.Security.Cryptography;
using System.Text.Json;
using IdentityBroker.Core.Stores;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Protocol.Tokens;

/// <summary>Creates signing keys (RSA 2048 for RS256, P-256 for ES256) with an RFC 7638 thumbprint as kid, and loads them back.</summary>
internal sealed class SigningKeyFactory(SigningKeyProtector protector)
{
    public SigningKeyRecord Create(string algorithm, DateTimeOffset now, DateTimeOffset activatesAt, DateTimeOffset retiresAt, DateTimeOffset expiresAt)
    {
        byte[] privateKey;
        JsonWebKey jwk;
        if (algorithm == SecurityAlgorithms.EcdsaSha256)
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var p = ec.ExportParameters(false);
            jwk = new JsonWebKey { Kty = JsonWebAlgorithmsKeyTypes.EllipticCurve, Crv = JsonWebKeyECTypes.P256, X = Base64UrlEncoder.Encode(p.Q.X), Y = Base64UrlEncoder.Encode(p.Q.Y) };
            privateKey = ec.ExportPkcs8PrivateKey();
        }
        else
        {
            using var rsa = RSA.Create(2048);
            var p = rsa.ExportParameters(false);
            jwk = new JsonWebKey { Kty = JsonWebAlgorithmsKeyTypes.RSA, N = Base64UrlEncoder.Encode(p.Modulus), E = Base64UrlEncoder.Encode(p.Exponent) };
            privateKey = rsa.ExportPkcs8PrivateKey();
        }

        var kid = Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint());
        var publicJwk = jwk.Kty == JsonWebAlgorithmsKeyTypes.EllipticCurve
            ? JsonSerializer.Serialize(new { kty = JsonWebAlgorithmsKeyTypes.EllipticCurve, use = JsonWebKeyUseNames.Sig, alg = algorithm, kid, crv = jwk.Crv, x = jwk.X, y = jwk.Y })
            : JsonSerializer.Serialize(new { kty = JsonWebAlgorithmsKeyTypes.RSA, use = JsonWebKeyUseNames.Sig, alg = algorithm, kid, n = jwk.N, e = jwk.E });
        return new SigningKeyRecord(kid, algorithm, publicJwk, protector.Protect(kid, privateKey), now, activatesAt, retiresAt, expiresAt);
    }

    public AsymmetricSecurityKey Load(SigningKeyRecord record)
    {
        var pkcs8 = protector.Unprotect(record.KeyId, record.ProtectedPrivateKey);
        if (record.Algorithm == SecurityAlgorithms.EcdsaSha256)
        {
            var ec = ECDsa.Create();
            ec.ImportPkcs8PrivateKey(pkcs8, out _);
            return new ECDsaSecurityKey(ec) { KeyId = record.KeyId };
        }

        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return new RsaSecurityKey(rsa) { KeyId = record.KeyId };
    }
}
