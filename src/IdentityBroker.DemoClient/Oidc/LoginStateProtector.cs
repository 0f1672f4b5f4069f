using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace IdentityBroker.DemoClient.Oidc;

/// <summary>
/// Seals <see cref="LoginState"/> into the short-lived <c>demo.oidc</c> cookie with ASP.NET Data Protection
/// (authenticated encryption of the state plus its expiry), and reads it back.
/// </summary>
internal sealed class LoginStateProtector(IDataProtectionProvider provider, TimeProvider time, IOptions<DemoClientOptions> options)
{
    public const string CookieName = "demo.oidc";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly IDataProtector _protector = provider.CreateProtector("IdentityBroker.DemoClient.LoginState.v1");

    // The expiry travels inside the authenticated payload and is checked against the injected clock.
    public string Protect(LoginState state) =>
        _protector.Protect(JsonSerializer.Serialize(new Envelope(state, time.GetUtcNow() + Lifetime)));

    /// <summary>Returns null when the value is missing, tampered with, from another key ring, or expired.</summary>
    public LoginState? Unprotect(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(_protector.Unprotect(value));
            return envelope is { State: { State.Length: > 0, Nonce.Length: > 0, CodeVerifier.Length: > 0 } state } && envelope.ExpiresAt > time.GetUtcNow()
                ? state
                : null;
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    public void Write(HttpContext context, LoginState state) =>
        context.Response.Cookies.Append(CookieName, Protect(state), CookieOptions(context, Lifetime));

    public LoginState? Read(HttpContext context) => Unprotect(context.Request.Cookies[CookieName]);

    public void Delete(HttpContext context) => context.Response.Cookies.Delete(CookieName, CookieOptions(context, null));

    // Lax: the OP's redirect back is a top-level GET, which carries Lax cookies. The path (that of the registered
    // redirect URI, so it also holds behind a path-prefixing proxy) keeps the cookie off every other request.
    private CookieOptions CookieOptions(HttpContext context, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = new Uri(options.Value.RedirectUri).AbsolutePath,
        MaxAge = maxAge,
        IsEssential = true,
    };

    private sealed record Envelope(LoginState State, DateTimeOffset ExpiresAt);
}
