using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Protocol.Validation;

/// <summary>RFC 7636 PKCE with S256 only.</summary>
internal static class Pkce
{
    public static bool IsWellFormedChallenge(string challenge) => challenge.Length == 43 && challenge.All(IsBase64Url);

    /// <summary>Verifier: 43–128 unreserved characters (§4.1); challenge = BASE64URL(SHA256(ASCII(verifier))) (§4.2).</summary>
    public static bool Verify(string? verifier, string challenge)
    {
        if (verifier is null || verifier.Length is < 43 or > 128 || !verifier.All(IsUnreserved))
        {
            return false;
        }

        var computed = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(challenge));
    }

    /// <summary>The S256 challenge of a well-formed verifier (§4.2), null for a malformed one: what the one-statement redemption compares in SQL.</summary>
    public static string? ChallengeOf(string verifier) =>
        verifier.Length is < 43 or > 128 || !verifier.All(IsUnreserved) ? null : Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static bool IsBase64Url(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
