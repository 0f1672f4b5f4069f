namespace IdentityBroker.Server.Admin;

/// <summary>
/// Reads a request body whole, but never more than a limit, by counting the bytes actually read: a chunked body has no
/// <c>Content-Length</c>, and a <c>Content-Length</c> can lie (issue #10 item 4). A stated length above the limit is
/// refused before reading. Used by the JSON staff APIs and the directory sync batches (issue #13), whose limits differ.
/// </summary>
internal static class BoundedBody
{
    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/> (reading stops there).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        // The server's own cap (Hosting/RequestLimits: Kestrel's MaxRequestBodySize) must not cut in first with an empty
        // 413 where an endpoint allows more; this loop stops reading at the limit, so the body never grows past it in memory.
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[Math.Min(81920, maxBytes + 1)];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
