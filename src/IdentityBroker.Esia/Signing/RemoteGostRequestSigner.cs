using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace IdentityBroker.Esia.Signing;

/// <summary>
/// Delegates signing to an external service (e.g. one holding the key in a certified CSP, ESIA.md §0.2). Contract:
/// Signing/REMOTE-SIGNER.md. Each returned signature is checked against the certificate's public key before use,
/// which catches a wrong key or a byte-reversed (CryptoPro-native) signature early (ESIA.md §2.2).
/// </summary>
public sealed class RemoteGostRequestSigner : IEsiaRequestSigner
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly string? _keyId;
    private readonly string _certificatePath;
    private readonly Lock _gate = new();
    private (string Stamp, GostCertificate Certificate)? _certificate;

    /// <summary>Creates a signer posting to <paramref name="url"/>; the certificate file is re-read when it changes.</summary>
    public RemoteGostRequestSigner(HttpClient http, Uri url, string? keyId, string certificatePath)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrWhiteSpace(certificatePath);
        _http = http;
        _url = url;
        _keyId = keyId;
        _certificatePath = certificatePath;
    }

    /// <inheritdoc />
    public string CertificateHashHex => Certificate().HashHex;

    /// <inheritdoc />
    public async Task<byte[]> SignAsync(byte[] data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var response = await _http.PostAsJsonAsync(
            _url, new SignRequest(_keyId, Convert.ToBase64String(data)), ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new EsiaException(
                EsiaFailureKind.Misconfigured, $"The remote signer answered HTTP {(int)response.StatusCode}.");
        }

        var body = await response.Content.ReadFromJsonAsync<SignResponse>(ct).ConfigureAwait(false);
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(body?.Signature ?? "");
        }
        catch (FormatException)
        {
            throw new EsiaException(EsiaFailureKind.Misconfigured, "The remote signer returned a signature that is not base64.");
        }

        var key = Certificate().GostPublicKey;
        if (key is null || !GostSignature.Verify(key, data, signature))
        {
            throw new EsiaException(
                EsiaFailureKind.Misconfigured,
                "The remote signer's signature does not verify with the configured certificate (wrong key, or not s‖r big-endian).");
        }

        return signature;
    }

    private GostCertificate Certificate()
    {
        var file = new FileInfo(_certificatePath);
        if (!file.Exists)
        {
            throw new FileNotFoundException("The ESIA client certificate file is missing.");
        }

        var stamp = $"{file.LastWriteTimeUtc.Ticks}:{file.Length}";
        lock (_gate)
        {
            if (_certificate is not { } cached || cached.Stamp != stamp)
            {
                var certificate = GostCertificate.Load(_certificatePath);
                if (certificate.GostPublicKey is null)
                {
                    throw new CryptographicException("The ESIA client certificate must carry a GOST R 34.10-2012-256 key.");
                }

                _certificate = cached = (stamp, certificate);
            }

            return cached.Certificate;
        }
    }

    private sealed record SignRequest(
        [property: JsonPropertyName("keyId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? KeyId,
        [property: JsonPropertyName("data")] string Data);

    private sealed record SignResponse([property: JsonPropertyName("signature")] string? Signature);
}
