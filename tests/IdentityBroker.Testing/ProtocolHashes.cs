using System.Security.Cryptography;
using System.Text;

namespace IdentityBroker.Testing;

/// <summary>
/// The protocol hashes the tests compute on their own, independently of the code under test (which uses
/// Microsoft.IdentityModel): PKCE S256, <c>at_hash</c>, DPoP <c>ath</c>, RFC 7638 JWK thumbprints.
/// </summary>
public static class ProtocolHashes
{
    /// <summary>A fresh PKCE code verifier: 32 random bytes, base64url (43 characters, RFC 7636 §4.1).</summary>
    public static string NewPkceVerifier() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>RFC 7636 §4.2: code_challenge = BASE64URL(SHA256(ASCII(code_verifier))).</summary>
    public static string PkceChallenge(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>OIDC Core §3.1.3.6 (RS256/ES256): base64url of the left half of SHA-256 of the ASCII access token.</summary>
    public static string AtHash(string accessToken) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)).AsSpan(0, 16));

    /// <summary>RFC 9449 §4.2: the <c>ath</c> of a DPoP proof, base64url of the whole SHA-256 of the ASCII access token.</summary>
    public static string Ath(string accessToken) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));

    /// <summary>RFC 7638 §3.2 for an EC key: SHA-256 of <c>{"crv","kty","x","y"}</c> in that order, no whitespace.</summary>
    public static string EcThumbprint(string crv, string x, string y) =>
        Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes($"{{\"crv\":\"{crv}\",\"kty\":\"EC\",\"x\":\"{x}\",\"y\":\"{y}\"}}")));

    /// <summary>RFC 7638 §3.2 for a P-256 public key.</summary>
    public static string EcThumbprint(ECParameters p) => EcThumbprint("P-256", Base64Url(p.Q.X!), Base64Url(p.Q.Y!));

    /// <summary>RFC 7638 §3.2 for an RSA key: SHA-256 of <c>{"e","kty","n"}</c> in that order, no whitespace.</summary>
    public static string RsaThumbprint(string e, string n) =>
        Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes($"{{\"e\":\"{e}\",\"kty\":\"RSA\",\"n\":\"{n}\"}}")));

    /// <summary>RFC 7515 Appendix C: base64url without padding.</summary>
    public static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
