using System.Text.Json;
using IdentityBroker.Core.Protocol;
using IdentityBroker.Server.SignIn;
using Microsoft.AspNetCore.DataProtection;

namespace IdentityBroker.Server.Consent;

/// <summary>
/// A parent's sign-in paused at step (5) on the requests page or the no_children_linked notice (R-CONSENT-3, R-CONSENT-6):
/// what <see cref="SignInFlow.ContinueAfterParentalConsentAsync"/> needs to resume, bound to the browser that signed in.
/// </summary>
internal sealed record PendingParentSignIn(
    AuthorizationRequest Request,
    string ChosenAccountId,
    string RuleId,
    Authentication Authentication,
    string BrowserBindingHash);

/// <summary>
/// Carries a <see cref="PendingParentSignIn"/> through the parent's page, encrypted and authenticated with Data Protection
/// (keys in PostgreSQL: any replica reads it), valid for 15 minutes, and bound to the browser (<see cref="BrowserBinding"/>).
/// It is the parent's proof of the ESIA sign-in on these pages, before the broker session exists.
/// </summary>
internal sealed class ParentSignInProtector(IDataProtectionProvider provider, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("IdentityBroker.Consent.ParentSignIn.v1").ToTimeLimitedDataProtector();

    public string Protect(PendingParentSignIn pending) => _protector.Protect(JsonSerializer.Serialize(pending), time.GetUtcNow() + Lifetime);

    public PendingParentSignIn? Unprotect(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 16384)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<PendingParentSignIn>(_protector.Unprotect(text, out _));
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }
}
