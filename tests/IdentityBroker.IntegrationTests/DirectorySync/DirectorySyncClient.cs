using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IdentityBroker.IntegrationTests.Esia;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.DirectorySync;

/// <summary>A region's diary back-end calling the directory sync API: a client_credentials token with the directory scope, then HTTP.</summary>
internal sealed class DirectorySyncClient(SliceEnvironment slice, string clientId = EsiaSliceOptions.DirectoryClientId38, string scope = "directory")
{
    public const string JsonLines = "application/x-ndjson";

    private string? _token;

    public async Task<string> TokenAsync()
    {
        if (_token is null)
        {
            var secret = clientId.StartsWith("diary-38-diagnostics", StringComparison.Ordinal) ? EsiaSliceOptions.DiagnosticsSecret : EsiaSliceOptions.DirectorySecret;
            var token = await new OidcTestClient(slice, clientId, "unused").PostTokenAsync(
                new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = scope }, clientId, secret);
            Assert.That(token.Status, Is.EqualTo(200), token.Json.ToString());
            _token = token.Get("access_token")!;
        }

        return _token;
    }

    /// <summary>PUTs a batch of JSON Lines (or another body and media type) to region <paramref name="region"/>.</summary>
    public Task<Answer> PushAsync(string region, string batchId, IEnumerable<string> lines, string query = "") =>
        SendAsync(HttpMethod.Put, $"/admin/directory/{region}/batches/{batchId}{query}", new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, JsonLines));

    public Task<Answer> PushRawAsync(string region, string batchId, HttpContent content, string query = "") =>
        SendAsync(HttpMethod.Put, $"/admin/directory/{region}/batches/{batchId}{query}", content);

    public Task<Answer> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public async Task<Answer> SendAsync(HttpMethod method, string path, HttpContent? content, bool authorize = true)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, AdminAddress.Of(slice) + path) { Content = content };
        if (authorize)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync());
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return new Answer(response.StatusCode, json, text, response.Headers.WwwAuthenticate.ToString());
    }
}

internal sealed record Answer(HttpStatusCode Status, JsonElement Json, string Text, string WwwAuthenticate)
{
    public JsonElement Batch => Json.GetProperty("batch");

    public int Count(string name) => Batch.GetProperty(name).GetInt32();

    public string Error => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("error", out var e) ? e.GetString()! : $"(no JSON error; {(int)Status}: {Text})";

    public string Description => Json.GetProperty("error_description").GetString()!;
}
