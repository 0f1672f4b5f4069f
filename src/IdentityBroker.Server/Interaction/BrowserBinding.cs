using IdentityBroker.Server.Protocol.Tokens;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// Binds the ESIA round-trip to the browser that started it. ESIA has no nonce (ESIA.md §4.3), so the broker keeps a
/// random value in an HttpOnly cookie and stores only its hash with the pending sign-in; a callback arriving in another
/// browser (login CSRF, a leaked callback URL) does not match.
/// </summary>
internal static class BrowserBinding
{
    public const string CookieName = "ib.binding";

    /// <summary>Returns the hash of this browser's binding value, creating the cookie when absent.</summary>
    public static string GetOrCreateHash(HttpContext context)
    {
        var value = context.Request.Cookies[CookieName];
        if (string.IsNullOrEmpty(value) || value.Length != 43)
        {
            value = OpaqueHandle.New();
            context.Response.Cookies.Append(CookieName, value, new CookieOptions
            {
                HttpOnly = true,
                Secure = context.Request.IsHttps,
                SameSite = SameSiteMode.Lax, // sent on ESIA's top-level redirect back
                Path = "/",
                IsEssential = true,
            });
        }

        return OpaqueHandle.Hash(value);
    }

    /// <summary>The hash of this browser's binding value; null when the browser has none (it cannot continue any sign-in).</summary>
    public static string? CurrentHash(HttpContext context)
    {
        var value = context.Request.Cookies[CookieName];
        return string.IsNullOrEmpty(value) || value.Length != 43 ? null : OpaqueHandle.Hash(value);
    }

    public static bool Matches(HttpContext context, string expectedHash) =>
        CurrentHash(context) is { } hash &&
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(hash), System.Text.Encoding.ASCII.GetBytes(expectedHash));
}
