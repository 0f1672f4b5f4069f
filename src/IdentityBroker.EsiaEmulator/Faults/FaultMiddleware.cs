using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace IdentityBroker.EsiaEmulator.Faults;

/// <summary>
/// Records every request to an ESIA endpoint in the <see cref="RequestLog"/>, then applies latency, hangs and HTTP 500
/// while those faults are switched on for the requesting client.
/// </summary>
internal sealed class FaultMiddleware(RequestDelegate next, FaultState faults, RequestLog requests, IHostApplicationLifetime lifetime)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = EndpointName(context.Request.Path);
        if (endpoint is null)
        {
            await next(context);
            return;
        }

        var (clientId, code) = await IdentifyAsync(context, endpoint);
        requests.Add(new RequestLogEntry(endpoint, clientId, code is null ? null : Digest(code), endpoint == "prns" ? CollectionOf(context.Request.Path) : null));
        var current = faults.Current;
        if (!current.AppliesTo(clientId))
        {
            await next(context);
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            if (current.LatencyMs.TryGetValue(endpoint, out var latency) && latency > 0)
            {
                await Task.Delay(latency, stop.Token);
            }

            if (current.Timeout.Contains(endpoint, StringComparer.OrdinalIgnoreCase))
            {
                // Hang until the client gives up (or the emulator stops).
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            context.Abort();
            return;
        }

        if (endpoint == "prns" && IsForbiddenCollection(context.Request, current))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        if (current.ServerError.Contains(endpoint, StringComparer.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync("<html><body><h1>500 Internal Server Error</h1></body></html>", context.RequestAborted);
            return;
        }

        await next(context);
    }

    /// <summary>The <c>forbiddenCollections</c> fault: the collection itself, or a person read embedding it.</summary>
    private static bool IsForbiddenCollection(HttpRequest request, Configuration.FaultOptions faults)
    {
        if (faults.ForbiddenCollections.Count == 0)
        {
            return false;
        }

        var forbidden = faults.ForbiddenCollections.ToHashSet(StringComparer.Ordinal);
        if (CollectionOf(request.Path) is { } collection)
        {
            return forbidden.Contains(collection)
                || (Rest.PersonCollections.EmbedNames.TryGetValue(collection, out var embedName) && forbidden.Contains(embedName));
        }

        var embeds = Rest.PersonCollections.ParseEmbed(request.Query["embed"].FirstOrDefault());
        return Rest.PersonCollections.EmbedNames.Any(e =>
            (forbidden.Contains(e.Key) || forbidden.Contains(e.Value)) && embeds.Contains(e.Value + ".elements"));
    }

    /// <summary><c>/rs/prns/{oid}/{collection}[/…]</c> → the collection; <c>/rs/prns/{oid}</c> → null.</summary>
    private static string? CollectionOf(PathString path)
    {
        var segments = (path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length > 3 ? segments[3] : null;
    }

    /// <summary>Endpoint names used by fault settings: <c>ac</c>, <c>te</c>, <c>prns</c>, <c>logout</c>.</summary>
    public static string? EndpointName(PathString path) => path.Value switch
    {
        "/aas/oauth2/v2/ac" => "ac",
        "/aas/oauth2/v3/te" => "te",
        "/idp/ext/Logout" => "logout",
        { } p when p.StartsWith("/rs/prns/", StringComparison.Ordinal) => "prns",
        _ => null,
    };

    /// <summary>The client id from the query (ac, logout), the form (te; the form is cached for the endpoint) or the bearer token (prns).</summary>
    private static async Task<(string? ClientId, string? Code)> IdentifyAsync(HttpContext context, string endpoint)
    {
        var request = context.Request;
        switch (endpoint)
        {
            case "te" when request.HasFormContentType:
                try
                {
                    var form = await request.ReadFormAsync(context.RequestAborted);
                    return (form["client_id"].FirstOrDefault(), form["code"].FirstOrDefault());
                }
                catch (Exception ex) when (ex is InvalidDataException or IOException or OperationCanceledException)
                {
                    return (null, null);
                }

            case "prns":
                return (BearerClientId(request.Headers.Authorization.ToString()), null);
            default:
                return (request.Query["client_id"].FirstOrDefault(), null);
        }
    }

    /// <summary>The access token's <c>client_id</c>, read without verification (only to scope faults).</summary>
    private static string? BearerClientId(string header)
    {
        const string Prefix = "Bearer ";
        var parts = header.StartsWith(Prefix, StringComparison.Ordinal) ? header[Prefix.Length..].Trim().Split('.') : [];
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]);
            return JsonNode.Parse(payload) is JsonObject o && o["client_id"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Digest(string code) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code)))[..16];
}
