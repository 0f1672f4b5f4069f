using System.Text.Json;
using IdentityBroker.Core.Protocol;
using Microsoft.AspNetCore.DataProtection;

namespace IdentityBroker.Server.SignIn;

/// <summary>R-REGION-2: an authorization request of a shared client waiting for the user to pick the region.</summary>
internal sealed record PendingRegionChoice(AuthorizationRequest Request, string BrowserBindingHash);

/// <summary>
/// Carries a <see cref="PendingRegionChoice"/> through the region list form, encrypted and authenticated with ASP.NET Data
/// Protection (keys in PostgreSQL, any replica reads it), valid for 15 minutes and bound to the browser that opened the
/// list: the request cannot be altered by the user (it is not in the query string) nor posted from another site or browser.
/// </summary>
internal sealed class RegionChoiceProtector(IDataProtectionProvider provider, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("IdentityBroker.SignIn.RegionChoice.v1").ToTimeLimitedDataProtector();

    public string Protect(PendingRegionChoice choice) =>
        _protector.Protect(JsonSerializer.Serialize(choice), time.GetUtcNow() + Lifetime);

    public PendingRegionChoice? Unprotect(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<PendingRegionChoice>(_protector.Unprotect(text, out _));
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }
}
