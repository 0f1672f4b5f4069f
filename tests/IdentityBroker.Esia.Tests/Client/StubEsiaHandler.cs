using System.Net;
using System.Text;

namespace IdentityBroker.Esia.Tests.Client;

/// <summary>An in-memory ESIA: routes requests by path to test-supplied responders and records what it received.</summary>
internal sealed class StubEsiaHandler : HttpMessageHandler
{
    public Func<Dictionary<string, string>, CancellationToken, Task<HttpResponseMessage>>? Token { get; set; }

    public Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>>? Person { get; set; }

    public int TokenCalls { get; private set; }

    public int PersonCalls { get; private set; }

    public List<Dictionary<string, string>> TokenForms { get; } = [];

    public List<(string PathAndQuery, string? Authorization)> PersonRequests { get; } = [];

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Post && path == "/aas/oauth2/v3/te")
        {
            TokenCalls++;
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            var form = body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(
                p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
            TokenForms.Add(form);
            return await Token!(form, cancellationToken);
        }

        if (request.Method == HttpMethod.Get && path.StartsWith("/rs/prns/", StringComparison.Ordinal))
        {
            PersonCalls++;
            PersonRequests.Add((request.RequestUri.PathAndQuery, request.Headers.Authorization?.ToString()));
            return await Person!(request, PersonCalls, cancellationToken);
        }

        return new HttpResponseMessage(HttpStatusCode.NotFound);
    }
}
