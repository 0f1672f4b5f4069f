using System.Text.Json;
using IdentityBroker.Core.Protocol;
using IdentityBroker.Server.Protocol.Tokens;
using Microsoft.AspNetCore.DataProtection;

namespace IdentityBroker.Server.SignIn;

/// <summary>R-CONSENT-1: a sign-in waiting for the person to accept or decline the consent text of <paramref name="TextVersion"/>.</summary>
/// <param name="Id">Random; makes the state single-use (<see cref="Core.Stores.IReplayCache"/>).</param>
/// <param name="AccountId">The diary account the sign-in enters, re-loaded from the directory when the person answers.</param>
internal sealed record PendingDataConsent(
    string Id,
    AuthorizationRequest Request,
    string AccountId,
    string RuleId,
    Authentication Authentication,
    string BrowserBindingHash,
    string TextVersion);

/// <summary>
/// Carries a <see cref="PendingDataConsent"/> through the consent form like <see cref="AccountChoiceProtector"/>: encrypted and
/// authenticated with ASP.NET Data Protection (keys in PostgreSQL, any replica reads it), valid for <see cref="Lifetime"/>,
/// bound to the browser that started the sign-in (a cross-site post lacks the SameSite=Lax binding cookie) and used once.
/// </summary>
internal sealed class DataConsentProtector(IDataProtectionProvider provider, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("IdentityBroker.SignIn.DataConsent.v1").ToTimeLimitedDataProtector();

    public static string NewId() => OpaqueHandle.New();

    public string Protect(PendingDataConsent pending) =>
        _protector.Protect(JsonSerializer.Serialize(pending), time.GetUtcNow() + Lifetime);

    public PendingDataConsent? Unprotect(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 16384)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<PendingDataConsent>(_protector.Unprotect(text, out _));
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }
}
