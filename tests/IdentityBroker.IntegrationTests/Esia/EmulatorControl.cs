using System.Net.Http.Json;
using System.Text.Json;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Esia;

/// <summary>The emulator's test API: fault injection (<c>/emulator/faults</c>) and the request log (<c>/emulator/requests</c>).</summary>
internal sealed class EmulatorControl(SliceEnvironment slice) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(slice.EmulatorUrl), Timeout = TimeSpan.FromSeconds(10) };

    public async Task SetFaultsAsync(object faults)
    {
        using var response = await _http.PostAsJsonAsync("/emulator/faults", faults);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    /// <summary>No faults, empty request log.</summary>
    public async Task ResetAsync()
    {
        (await _http.DeleteAsync("/emulator/faults")).Dispose();
        (await _http.DeleteAsync("/emulator/requests")).Dispose();
    }

    /// <summary>Reads of the person itself (<c>/rs/prns/{oid}</c>), not of its collections such as <c>/kids</c>.</summary>
    public async Task<IReadOnlyList<RequestEntry>> PersonReadsAsync() =>
        (await RequestsAsync("prns")).Where(e => e.Collection is null).ToList();

    public async Task<IReadOnlyList<RequestEntry>> RequestsAsync(string endpoint, string? clientId = null)
    {
        var all = await _http.GetFromJsonAsync<List<RequestEntry>>("/emulator/requests", JsonSerializerOptions.Web) ?? [];
        return all.Where(e => e.Endpoint == endpoint && (clientId is null || e.ClientId == clientId)).ToList();
    }

    /// <summary>How many times each code was sent to te (the code itself is never logged, only a digest).</summary>
    public async Task<IReadOnlyList<int>> TokenPostsPerCodeAsync(string clientId) =>
        (await RequestsAsync("te", clientId)).GroupBy(e => e.CodeDigest).Select(g => g.Count()).ToList();

    public async Task<string> GetTextAsync(string path) => await _http.GetStringAsync(path);

    public void Dispose() => _http.Dispose();

    internal sealed record RequestEntry(string Endpoint, string? ClientId, string? CodeDigest, string? Collection);
}
