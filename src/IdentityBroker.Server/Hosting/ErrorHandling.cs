using System.Data.Common;
using IdentityBroker.Server.Protocol;

namespace IdentityBroker.Server.Hosting;

/// <summary>
/// The outermost piece of the broker's pipeline (issue #10 item 3): no request ends in a bare 500, a stack trace or an
/// empty error answer, in any environment — it runs inside the developer exception page that Development adds, so that
/// page never sees an exception. Every exception is classified once:
/// <list type="bullet">
/// <item>the request's fault (a malformed or oversized body, a value PostgreSQL cannot store) → 4xx <c>invalid_request</c>;</item>
/// <item>PostgreSQL unreachable or shutting down (a transient <see cref="DbException"/>) → 503 <c>temporarily_unavailable</c>
/// with <c>Retry-After</c>: a token client retries, and a refresh retry then gets the same successor (RefreshTokenGrantHandler);</item>
/// <item>the client went away → nothing is written;</item>
/// <item>anything else → 500 <c>server_error</c> / a generic Russian page with a reference number, logged once (event 1900).</item>
/// </list>
/// Responses that end with an error status and no body (405 from routing, 404, a 413) get one too (<see cref="ErrorAnswer"/>).
/// </summary>
internal static class ErrorHandling
{
    public static void UseBrokerErrorHandling(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("IdentityBroker.Hosting.Errors");
        app.Use((context, next) => InvokeAsync(context, () => next(), logger));
    }

    /// <summary>The middleware itself (internal for tests that throw through it).</summary>
    internal static async Task InvokeAsync(HttpContext context, Func<Task> next, ILogger logger)
    {
        try
        {
            await next();
        }
        catch (Exception ex)
        {
            await HandleAsync(context, ex, logger);
            return;
        }

        await FillEmptyErrorAsync(context, logger);
    }

    private static async Task HandleAsync(HttpContext context, Exception ex, ILogger logger)
    {
        var route = Route(context);
        var method = context.Request.Method;
        if (context.RequestAborted.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            return; // the client is gone; nobody to answer
        }

        if (context.Response.HasStarted)
        {
            ErrorLog.AfterStart(logger, ex.GetType().FullName!, method, route, ex.StackTrace);
            context.Abort();
            return;
        }

        switch (Classify(ex))
        {
            case (int status, string reason) when status < 500:
                var refusal = Interaction.ReferenceNumber.New();
                ErrorLog.Refused(logger, status, method, route, refusal, reason);
                await ErrorAnswer.WriteAsync(context, status, OAuthErrors.InvalidRequest, reason, refusal);
                return;

            case (StatusCodes.Status503ServiceUnavailable, _):
                ErrorLog.DatabaseUnavailable(logger, Innermost(ex).GetType().FullName!, method, route);
                await ErrorAnswer.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, OAuthErrors.TemporarilyUnavailable,
                    "The service is briefly unavailable; retry the same request after the time in Retry-After.");
                return;

            default:
                var reference = Interaction.ReferenceNumber.New();
                ErrorLog.Unexpected(logger, ex.GetType().FullName!, method, route, reference, ex.ToStringWithoutMessages());
                await ErrorAnswer.WriteAsync(context, StatusCodes.Status500InternalServerError, OAuthErrors.ServerError,
                    $"An unexpected error occurred; reference {reference}.", reference);
                return;
        }
    }

    /// <summary>The route pattern for the log (never the raw path, which the caller chose).</summary>
    internal static string Route(HttpContext context) => (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no endpoint)";

    /// <summary>The status (and a reason for the caller) an exception deserves.</summary>
    internal static (int Status, string Reason) Classify(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case BadHttpRequestException bad:
                    return (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                        ? $"The request body is larger than {RequestLimits.MaxBodyBytes} bytes."
                        : "The request is malformed.");
                case InvalidDataException:
                    return (StatusCodes.Status400BadRequest, RequestLimits.FormProblem);
                case DbException { SqlState: "22021" or "22P05" or "54000" or "22001" }:
                    // a NUL or an unencodable character, or a value too large for an index: the input, not the database
                    return (StatusCodes.Status400BadRequest, "The request contains characters or values that cannot be stored.");
                case DbException { IsTransient: true }:
                case DbException { SqlState: { } state } when state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal):
                    // connection exceptions, admin/crash shutdown, cannot connect now: the database is going or gone
                case TimeoutException:
                    return (StatusCodes.Status503ServiceUnavailable, string.Empty);
            }
        }

        return (StatusCodes.Status500InternalServerError, string.Empty);
    }

    private static Exception Innermost(Exception ex) => ex.InnerException is { } inner ? Innermost(inner) : ex;

    /// <summary>Exception types and stack traces of the chain, without messages (which may quote data).</summary>
    private static string ToStringWithoutMessages(this Exception ex)
    {
        var parts = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            parts.Add(e.GetType().FullName + Environment.NewLine + e.StackTrace);
        }

        return string.Join(Environment.NewLine + " ---> ", parts);
    }

    /// <summary>An error status with nothing written (routing's 405, an unmatched 404, a 413): give it the usual body.</summary>
    private static Task FillEmptyErrorAsync(HttpContext context, ILogger logger)
    {
        var response = context.Response;
        if (response.HasStarted || response.StatusCode < 400 || response.ContentType is not null || response.ContentLength is > 0)
        {
            return Task.CompletedTask;
        }

        // RFC 6750 §3: a bearer challenge without a token carries no error body
        if (response.StatusCode == StatusCodes.Status401Unauthorized && response.Headers.WWWAuthenticate.Count > 0)
        {
            return Task.CompletedTask;
        }

        var (error, description) = response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ("not_found", "There is no such endpoint."),
            StatusCodes.Status405MethodNotAllowed => (OAuthErrors.InvalidRequest, "This method is not allowed here; see the Allow header."),
            StatusCodes.Status413PayloadTooLarge => (OAuthErrors.InvalidRequest, $"The request body is larger than {RequestLimits.MaxBodyBytes} bytes."),
            StatusCodes.Status414UriTooLong => (OAuthErrors.InvalidRequest, $"The request URI is longer than {RequestLimits.MaxRequestTargetLength} characters; use POST or PAR."),
            StatusCodes.Status415UnsupportedMediaType => (OAuthErrors.InvalidRequest, "Unsupported content type."),
            >= 500 => (OAuthErrors.ServerError, "The request could not be completed."),
            _ => (OAuthErrors.InvalidRequest, "The request was refused."),
        };
        var reference = Interaction.ReferenceNumber.New();
        ErrorLog.Refused(logger, response.StatusCode, context.Request.Method, Route(context), reference, description);
        return ErrorAnswer.WriteAsync(context, response.StatusCode, error, description, reference, clear: false);
    }
}
