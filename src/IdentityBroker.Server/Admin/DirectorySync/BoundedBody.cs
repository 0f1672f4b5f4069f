namespace IdentityBroker.Server.Admin.DirectorySync;

/// <summary>
/// Reads a request body whole, but never more than a limit: the limit is enforced on the bytes actually read, so a
/// missing or understated <c>Content-Length</c> (chunked transfer) cannot carry a larger body in. A stated length above
/// the limit is refused before reading.
/// </summary>
internal static class BoundedBody
{
    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        // The server's own cap (Kestrel: 30 MB by default, counted on what arrives, ahead of what is read) must not cut
        // in first with an empty 413; this loop stops reading at the limit, so the body never grows past it in memory.
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
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
