using System.Security.Cryptography;
using System.Text;
using IdentityBroker.Esia.Protocol;
using IdentityBroker.Esia.Signing;
using IdentityBroker.Esia.Tokens;
using Microsoft.Extensions.Logging;

namespace IdentityBroker.Esia;

/// <summary>
/// <see cref="IEsiaClient"/> over a typed <see cref="HttpClient"/> whose handler chain applies the ESIA resilience
/// handlers (<see cref="Http.EsiaResiliencePipelines"/>). Stateless: every call carries the region's registration.
/// </summary>
internal sealed partial class EsiaClient(
    HttpClient http,
    IEsiaSignerProvider signers,
    EsiaTokenValidator tokens,
    TimeProvider timeProvider,
    Http.EsiaMetrics metrics,
    ILogger<EsiaClient> logger) : IEsiaClient
{
    public Uri BuildAuthorizationUrl(string regionCode, EsiaRegistrationOptions registration, Guid state, DateTimeOffset now) =>
        BuildAuthorizationUrlAsync(regionCode, registration, state, now, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<Uri> BuildAuthorizationUrlAsync(
        string regionCode, EsiaRegistrationOptions registration, Guid state, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var scope = EsiaProtocol.Scope(registration);
        var timestamp = EsiaProtocol.FormatTimestamp(now);
        var stateText = state.ToString("D");
        var signed = EsiaProtocol.AuthorizationSignedString(
            registration.ClientId, scope, timestamp, stateText, registration.RedirectUri);
        var (secret, hash) = await SignAsync(regionCode, registration, signed, ct).ConfigureAwait(false);

        var query = EsiaProtocol.Query(
        [
            new("client_id", registration.ClientId),
            new("client_secret", secret),
            new("client_certificate_hash", hash),
            new("redirect_uri", registration.RedirectUri),
            new("scope", scope),
            new("response_type", "code"),
            new("state", stateText),
            new("timestamp", timestamp),
            new("access_type", "online"),
        ]);
        Log.AuthorizationUrlBuilt(logger, regionCode);
        return new Uri(EsiaProtocol.Endpoint(registration.BaseUrl, EsiaProtocol.AuthorizePath) + "?" + query);
    }

    public Uri BuildLogoutUrl(EsiaRegistrationOptions registration, string? redirectUrl)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var parameters = new List<KeyValuePair<string, string>> { new("client_id", registration.ClientId) };
        if (!string.IsNullOrEmpty(redirectUrl))
        {
            parameters.Add(new("redirect_url", redirectUrl)); // ESIA.md §5: redirect_url, not redirect_uri
        }

        return new Uri(EsiaProtocol.Endpoint(registration.BaseUrl, EsiaProtocol.LogoutPath) + "?" + EsiaProtocol.Query(parameters));
    }

    /// <summary>client_secret (base64url, no padding, ESIA.md §2.2) and client_certificate_hash (§2.3).</summary>
    private async Task<(string Secret, string CertificateHash)> SignAsync(
        string regionCode, EsiaRegistrationOptions registration, string signedString, CancellationToken ct)
    {
        try
        {
            var signer = signers.GetSigner(regionCode, registration.Signer);
            var signature = await signer.SignAsync(Encoding.UTF8.GetBytes(signedString), ct).ConfigureAwait(false);
            return (Base64Url.Encode(signature), signer.CertificateHashHex);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException
                                       or ArgumentException or HttpRequestException or System.Text.Json.JsonException
                                       or TaskCanceledException && !ct.IsCancellationRequested)
        {
            Log.SignerFailed(logger, regionCode, ex.GetType().Name);
            throw new EsiaException(EsiaFailureKind.Misconfigured, $"Signing the ESIA request failed: {ex.GetType().Name}.", null, ex);
        }
        catch (EsiaException ex)
        {
            Log.SignerFailed(logger, regionCode, ex.Message);
            throw;
        }
    }
}
