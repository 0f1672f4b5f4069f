namespace IdentityBroker.Server.Protocol.Responses;

/// <summary>HTTP 200 with an empty body and <c>Cache-Control: no-store</c>: the revocation response (RFC 7009 §2.2).</summary>
internal sealed class EmptyNoStore : IResult
{
    public static readonly EmptyNoStore Instance = new();

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.Headers.CacheControl = "no-store";
        httpContext.Response.Headers.Pragma = "no-cache";
        return Task.CompletedTask;
    }
}
