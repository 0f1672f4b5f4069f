using System.Net;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace IdentityBroker.DemoClient.Oidc;

/// <summary>The outcome of one UserInfo call: pretty JSON on success, otherwise an error code and messages.</summary>
internal sealed record UserInfoResult(string? Json, string? ErrorCode, string? UserMessage, string? Detail)
{
    public bool IsSuccess => Json is not null;

    public static UserInfoResult Failed(string code, string userMessage, string detail) => new(null, code, userMessage, detail);
}

/// <summary>Calls the UserInfo endpoint with the access token as a bearer token (OIDC Core §5.3).</summary>
internal sealed class UserInfoClient(IHttpClientFactory httpClientFactory, ILogger<UserInfoClient> logger)
{
    private static readonly JsonSerializerOptions Pretty = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // Cyrillic stays readable; the page HTML-encodes it.
    };

    public async Task<UserInfoResult> GetAsync(string? endpoint, string accessToken, string expectedSubject, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(endpoint))
        {
            return UserInfoResult.Failed("userinfo_not_supported", "Сервер входа не предоставляет данные профиля.",
                "Discovery has no userinfo_endpoint.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        HttpStatusCode status;
        string body;
        string? mediaType;
        string? challenge;
        try
        {
            using var response = await httpClientFactory.CreateClient(OidcMetadata.HttpClientName).SendAsync(request, cancellationToken);
            status = response.StatusCode;
            mediaType = response.Content.Headers.ContentType?.MediaType;
            challenge = response.Headers.WwwAuthenticate.FirstOrDefault()?.ToString();
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return UserInfoResult.Failed("userinfo_unavailable", "Сервер входа недоступен, данные профиля не получены.",
                $"UserInfo endpoint {endpoint} could not be reached: {OidcFlowException.Clip(ex.Message)}");
        }

        if (status == HttpStatusCode.Unauthorized)
        {
            Log.UserInfoFailed(logger, (int)status);
            return UserInfoResult.Failed("userinfo_unauthorized",
                "Сервер входа отклонил ключ доступа (401): срок его действия истёк или он отозван. Выйдите и войдите снова.",
                $"UserInfo answered HTTP 401; WWW-Authenticate: {OidcFlowException.Clip(challenge ?? "(none)")}");
        }

        if ((int)status is < 200 or > 299)
        {
            Log.UserInfoFailed(logger, (int)status);
            return UserInfoResult.Failed("userinfo_failed", "Не удалось получить данные профиля.",
                $"UserInfo answered HTTP {(int)status}.");
        }

        if (!string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return UserInfoResult.Failed("userinfo_unsupported_format", "Не удалось прочитать данные профиля.",
                $"UserInfo answered with content type '{mediaType}'; only application/json is supported.");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            // OIDC Core §5.3.4: the UserInfo sub must equal the ID token sub, or the response must not be used.
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String
                || !string.Equals(sub.GetString(), expectedSubject, StringComparison.Ordinal))
            {
                return UserInfoResult.Failed("userinfo_sub_mismatch", "Данные профиля относятся к другому пользователю и не показаны.",
                    "UserInfo sub is missing or differs from the ID token sub.");
            }

            return new UserInfoResult(JsonSerializer.Serialize(root, Pretty), null, null, null);
        }
        catch (JsonException)
        {
            return UserInfoResult.Failed("userinfo_invalid_json", "Не удалось прочитать данные профиля.", "UserInfo body is not valid JSON.");
        }
    }
}
