namespace IdentityBroker.EsiaEmulator.Faults;

/// <summary>Applies latency, hangs and HTTP 500 to the ESIA endpoints while those faults are switched on.</summary>
internal sealed class FaultMiddleware(RequestDelegate next, FaultState faults, IHostApplicationLifetime lifetime)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = EndpointName(context.Request.Path);
        if (endpoint is null)
        {
            await next(context);
            return;
        }

        var current = faults.Current;
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

        if (current.ServerError.Contains(endpoint, StringComparer.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync("<html><body><h1>500 Internal Server Error</h1></body></html>", context.RequestAborted);
            return;
        }

        await next(context);
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
}
