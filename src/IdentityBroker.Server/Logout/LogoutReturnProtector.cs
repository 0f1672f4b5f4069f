using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace IdentityBroker.Server.Logout;

/// <summary>
/// Carries a logout in progress through the browser, tamper-proof and short-lived (Data Protection, keys shared by every
/// replica): across the confirmation form, and across ESIA's logout to <c>/signout/done</c>. The return URL inside was
/// validated against the client's registration before it was protected, so <c>/signout/done</c> is not an open redirector.
/// </summary>
internal sealed class LogoutReturnProtector(IDataProtectionProvider provider)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly ITimeLimitedDataProtector _confirm = provider.CreateProtector("IdentityBroker.Logout.Confirm.v1").ToTimeLimitedDataProtector();
    private readonly ITimeLimitedDataProtector _done = provider.CreateProtector("IdentityBroker.Logout.Done.v1").ToTimeLimitedDataProtector();

    public string ProtectPending(PendingLogout pending) => _confirm.Protect(JsonSerializer.Serialize(pending), Lifetime);

    public PendingLogout? UnprotectPending(string? value) => Unprotect<PendingLogout>(_confirm, value);

    public string ProtectReturn(string returnUrl) => _done.Protect(JsonSerializer.Serialize(new PendingLogout(null, returnUrl)), Lifetime);

    public string? UnprotectReturn(string? value) => Unprotect<PendingLogout>(_done, value)?.ReturnUrl;

    private static T? Unprotect<T>(ITimeLimitedDataProtector protector, string? value)
        where T : class
    {
        if (string.IsNullOrEmpty(value) || value.Length > 8192)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(protector.Unprotect(value, out _));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }
}

/// <param name="ClientId">The registered client that asked for the logout, or null.</param>
/// <param name="ReturnUrl">The validated post-logout redirect (with state), or null.</param>
internal sealed record PendingLogout(string? ClientId, string? ReturnUrl);
