using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace IdentityBroker.DemoClient.Oidc;

/// <summary>The tokens returned for an authorization code (OIDC Core §3.1.3.3).</summary>
internal sealed record TokenResponse(string AccessToken, string IdToken, string TokenType, int? ExpiresIn);

/// <summary>Redeems an authorization code at the token endpoint with client_secret_basic and the PKCE verifier.</summary>
internal sealed class TokenClient(IHttpClientFactory httpClientFactory, IOptions<DemoClientOptions> options, ILogger<TokenClient> logger)
{
    private const string UserMessage = "Сервер входа не выдал ключи доступа. Попробуйте войти ещё раз.";

    public async Task<TokenResponse> RedeemCodeAsync(string tokenEndpoint, string code, string codeVerifier, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = settings.RedirectUri,
                ["code_verifier"] = codeVerifier,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", BasicCredentials(settings.ClientId, settings.ClientSecret));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        string body;
        HttpStatusCode status;
        try
        {
            // No retry: the code is single-use, a second POST could only fail or be reported as code reuse.
            using var response = await httpClientFactory.CreateClient(OidcMetadata.HttpClientName).SendAsync(request, cancellationToken);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new OidcFlowException("token_request_failed", UserMessage,
                $"Token endpoint {tokenEndpoint} could not be reached: {OidcFlowException.Clip(ex.Message)}", StatusCodes.Status502BadGateway);
        }

        using var json = TryParse(body);
        var root = json?.RootElement;
        if ((int)status is < 200 or > 299)
        {
            var error = GetString(root, "error") ?? "token_request_failed";
            var description = GetString(root, "error_description");
            Log.TokenRequestRejected(logger, (int)status, error);
            throw new OidcFlowException(OidcFlowException.Clip(error, 64), UserMessage,
                $"Token endpoint answered HTTP {(int)status} {error}: {OidcFlowException.Clip(description)}".TrimEnd(' ', ':'),
                StatusCodes.Status502BadGateway);
        }

        var accessToken = GetString(root, "access_token");
        var idToken = GetString(root, "id_token");
        var tokenType = GetString(root, "token_type");
        if (string.IsNullOrEmpty(accessToken) || string.IsNullOrEmpty(idToken))
        {
            throw new OidcFlowException("invalid_token_response", UserMessage,
                "Token response has no access_token or no id_token (is 'openid' in the scope?).", StatusCodes.Status502BadGateway);
        }

        if (!string.Equals(tokenType, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new OidcFlowException("invalid_token_response", UserMessage,
                $"Token response has token_type '{OidcFlowException.Clip(tokenType, 32)}', expected Bearer.", StatusCodes.Status502BadGateway);
        }

        int? expiresIn = root is { } r && r.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? seconds : null;
        return new TokenResponse(accessToken, idToken, tokenType!, expiresIn);
    }

    /// <summary>RFC 6749 §2.3.1: client_id and secret are form-urlencoded before being joined with ':' and base64-encoded.</summary>
    internal static string BasicCredentials(string clientId, string clientSecret) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(WebUtility.UrlEncode(clientId) + ":" + WebUtility.UrlEncode(clientSecret)));

    private static JsonDocument? TryParse(string body)
    {
        try
        {
            return string.IsNullOrWhiteSpace(body) ? null : JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? GetString(JsonElement? root, string name) =>
        root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
}
