namespace IdentityBroker.Server.Protocol;

/// <summary>Reads OAuth parameters from the query (GET) or an urlencoded form body (POST), keeping repeated values visible.</summary>
internal static class RequestParameters
{
    public static async Task<IReadOnlyDictionary<string, string[]>?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (HttpMethods.IsGet(request.Method))
        {
            return request.Query.ToDictionary(kv => kv.Key, kv => kv.Value.Where(v => v is not null).Select(v => v!).ToArray(), StringComparer.Ordinal);
        }

        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType &&
            request.ContentType!.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return form.ToDictionary(kv => kv.Key, kv => kv.Value.Where(v => v is not null).Select(v => v!).ToArray(), StringComparer.Ordinal);
        }

        return null;
    }

    public static string? One(this IReadOnlyDictionary<string, string[]> p, string key) =>
        p.TryGetValue(key, out var v) && v.Length == 1 && !string.IsNullOrEmpty(v[0]) ? v[0] : null;
}
