using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Protocol.Dpop;

/// <summary>The JWK SHA-256 thumbprint (RFC 7638 §3), base64url: the <c>jkt</c> of RFC 9449 §6.1 and of <c>dpop_jkt</c> (§10).</summary>
internal static class JwkThumbprint
{
    /// <summary>RFC 7638 §3.2: only the required members (EC: crv, kty, x, y; RSA: e, kty, n), lexicographic order, no whitespace.</summary>
    public static string Compute(JsonWebKey key) => Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());

    /// <summary>A SHA-256 thumbprint in base64url is always 43 characters of the base64url alphabet.</summary>
    public static bool IsWellFormed(string? jkt) =>
        jkt is { Length: 43 } && jkt.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
