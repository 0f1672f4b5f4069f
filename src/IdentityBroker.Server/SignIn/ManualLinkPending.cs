using System.Text.Json;
using IdentityBroker.Core.Protocol;
using IdentityBroker.Server.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.SignIn;

/// <summary>
/// R-MATCH-6: a sign-in refused with diary_snils_missing, waiting for the person to prove with the diary login and
/// password that one of the name-matched diary accounts without SNILS is theirs.
/// </summary>
/// <param name="CandidateIds">The diary accounts of the region whose full name matched and that have no SNILS: the only
/// accounts this proof may link.</param>
/// <param name="ReferenceNumber">The number of the refusal's audit record, shown again when the form is re-shown.</param>
/// <param name="ReturnUrl">"Back to the diary" (access_denied for the client), or null for form_post clients.</param>
internal sealed record PendingManualLink(
    AuthorizationRequest Request,
    IReadOnlyList<string> CandidateIds,
    Authentication Authentication,
    string BrowserBindingHash,
    string ReferenceNumber,
    string? ReturnUrl);

/// <summary>
/// Carries a <see cref="PendingManualLink"/> through the form, encrypted and authenticated with ASP.NET Data Protection
/// (keys in PostgreSQL, so any replica can read it), valid for <see cref="ManualLinkOptions.FormLifetime"/> and bound to
/// the browser that started the sign-in (<see cref="BrowserBinding"/>).
/// </summary>
internal sealed class ManualLinkProtector(IDataProtectionProvider provider, TimeProvider time, IOptions<BrokerOptions> options)
    : ManualLinkStateProtector<PendingManualLink>(provider, time, options, "IdentityBroker.SignIn.ManualLink.v1");

/// <summary>Data Protection of a sign-in form's pending state: time-limited, tamper-evident, null when not readable.</summary>
internal abstract class ManualLinkStateProtector<T>(IDataProtectionProvider provider, TimeProvider time, IOptions<BrokerOptions> options, string purpose)
    where T : class
{
    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector(purpose).ToTimeLimitedDataProtector();

    public string Protect(T state) =>
        _protector.Protect(JsonSerializer.Serialize(state), time.GetUtcNow() + options.Value.ManualLink.FormLifetime);

    public T? Unprotect(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 16_384)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(_protector.Unprotect(text, out _));
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }
}
