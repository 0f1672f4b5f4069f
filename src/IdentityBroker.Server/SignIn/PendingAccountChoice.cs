using System.Text.Json;
using IdentityBroker.Core.Protocol;
using Microsoft.AspNetCore.DataProtection;

namespace IdentityBroker.Server.SignIn;

/// <summary>R-MATCH-5: a sign-in waiting for the user to choose among several diary accounts.</summary>
internal sealed record PendingAccountChoice(
    AuthorizationRequest Request,
    IReadOnlyList<string> CandidateIds,
    string? LinkMethod,
    string RuleId,
    Authentication Authentication,
    string BrowserBindingHash);

/// <summary>
/// Carries a <see cref="PendingAccountChoice"/> through the chooser form, encrypted and authenticated with ASP.NET Data
/// Protection (keys in PostgreSQL, so any replica can read it) and valid for 10 minutes. It is also bound to the browser
/// that started the sign-in, which is what stops a cross-site post of someone else's choice.
/// </summary>
internal sealed class AccountChoiceProtector(IDataProtectionProvider provider, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("IdentityBroker.SignIn.AccountChoice.v1").ToTimeLimitedDataProtector();

    public string Protect(PendingAccountChoice choice) =>
        _protector.Protect(JsonSerializer.Serialize(choice), time.GetUtcNow() + Lifetime);

    public PendingAccountChoice? Unprotect(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<PendingAccountChoice>(_protector.Unprotect(text, out _));
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }
}
