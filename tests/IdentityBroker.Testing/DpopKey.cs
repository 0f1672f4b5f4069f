using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Testing;

/// <summary>What is wrong with a proof a test builds on purpose (FAPI 2 <c>dpop-negative-tests</c>, RFC 9449 §4.3).</summary>
public enum ProofDefect
{
    None,
    WrongHtm,
    WrongHtu,
    StaleIat,
    FutureIat,
    AlgNone,
    PrivateKeyInJwk,
    WrongTyp,
    WrongAth,
}

/// <summary>A client's DPoP key (ECDSA P-256) that builds proofs (RFC 9449 §4.2) with <see cref="JsonWebTokenHandler"/>.</summary>
public sealed class DpopKey : IDisposable
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>RFC 7638 thumbprint, computed here by hand (not by the code under test).</summary>
    public string Jkt => ProtocolHashes.EcThumbprint(_key.ExportParameters(false));

    public static string Ath(string accessToken) => ProtocolHashes.Ath(accessToken);

    /// <param name="at">The proof's <c>iat</c> (before a <see cref="ProofDefect"/> moves it); the real current time when omitted.</param>
    public string Proof(string method, string url, string? accessToken = null, ProofDefect defect = ProofDefect.None, string? jti = null, DateTimeOffset? at = null)
    {
        var iat = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() + defect switch
        {
            ProofDefect.StaleIat => -120,
            ProofDefect.FutureIat => 120,
            _ => 0,
        };
        var claims = new Dictionary<string, object>
        {
            ["jti"] = jti ?? Guid.NewGuid().ToString("N"),
            ["htm"] = defect == ProofDefect.WrongHtm ? (method == "GET" ? "POST" : "GET") : method,
            ["htu"] = defect == ProofDefect.WrongHtu ? url + "-other" : url,
            ["iat"] = iat,
        };
        if (accessToken is not null)
        {
            claims["ath"] = defect == ProofDefect.WrongAth ? Ath(accessToken + "x") : Ath(accessToken);
        }

        var jwk = PublicJwk(includePrivate: defect == ProofDefect.PrivateKeyInJwk);
        var typ = defect == ProofDefect.WrongTyp ? "JWT" : "dpop+jwt";
        if (defect == ProofDefect.AlgNone)
        {
            var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["typ"] = typ, ["alg"] = "none", ["jwk"] = jwk });
            return Base64UrlEncoder.Encode(header) + "." + Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(claims)) + ".";
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = typ,
            Claims = claims,
            AdditionalHeaderClaims = new Dictionary<string, object> { ["jwk"] = jwk },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(_key), SecurityAlgorithms.EcdsaSha256),
        });
    }

    private Dictionary<string, object> PublicJwk(bool includePrivate)
    {
        var p = _key.ExportParameters(includePrivate);
        var jwk = new Dictionary<string, object>
        {
            ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64UrlEncoder.Encode(p.Q.X), ["y"] = Base64UrlEncoder.Encode(p.Q.Y),
        };
        if (includePrivate)
        {
            jwk["d"] = Base64UrlEncoder.Encode(p.D);
        }

        return jwk;
    }

    public void Dispose() => _key.Dispose();
}
