using System.Net.Http.Headers;
using System.Text.Json;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Dpop;

/// <summary>Back-channel calls with a <c>DPoP</c> header: form posts (PAR, token) and userinfo with either scheme.</summary>
internal static class DpopHttp
{
    private static readonly HttpClient Http = new();

    public static async Task<TokenResponse> PostFormAsync(string url, IDictionary<string, string> form, string? proof)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        if (proof is not null)
        {
            request.Headers.Add("DPoP", proof);
        }

        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new TokenResponse((int)response.StatusCode, JsonDocument.Parse(body).RootElement.Clone(), response.Headers.CacheControl?.NoStore == true);
    }

    /// <summary>GET userinfo with <c>Authorization: {scheme} {token}</c> and an optional proof; returns status, challenge and body.</summary>
    public static async Task<(int Status, string Challenge, string Body)> UserInfoAsync(string brokerUrl, string scheme, string token, string? proof)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, brokerUrl + "/connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, token);
        if (proof is not null)
        {
            request.Headers.Add("DPoP", proof);
        }

        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, string.Join(", ", response.Headers.WwwAuthenticate.Select(h => h.ToString())), await response.Content.ReadAsStringAsync());
    }
}
