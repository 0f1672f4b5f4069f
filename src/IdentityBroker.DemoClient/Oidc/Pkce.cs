using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace IdentityBroker.DemoClient.Oidc;

/// <summary>Random protocol values and the PKCE S256 transform (RFC 7636 §4.1–4.2).</summary>
internal static class Pkce
{
    /// <summary>A fresh 256-bit random value, base64url without padding (43 characters; valid as a code_verifier, state or nonce).</summary>
    public static string NewRandomValue() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>code_challenge = BASE64URL(SHA256(ASCII(code_verifier))).</summary>
    public static string S256Challenge(string codeVerifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(codeVerifier);
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(codeVerifier)));
    }

    /// <summary>Constant-time comparison of two protocol strings (state, nonce).</summary>
    public static bool FixedTimeEquals(string? expected, string? actual) =>
        expected is not null && actual is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}
