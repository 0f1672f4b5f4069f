using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Primitives;

namespace IdentityBroker.Server.Hosting;

/// <summary>
/// Bounds every request before an endpoint sees it (issue #10 items 3 and 4; docs/limits.md):
/// <list type="bullet">
/// <item>the request target (path and query) at <see cref="MaxRequestTargetLength"/> characters → 414 with a body (Kestrel's own
/// request-line limit is raised to <see cref="ServerRequestLineLimit"/>, so below that the broker, not Kestrel, answers);</item>
/// <item>the body at <see cref="MaxBodyBytes"/> (or an endpoint's own <c>IRequestSizeLimitMetadata</c>, which that endpoint enforces), enforced while reading (Kestrel's <c>MaxRequestBodySize</c> counts the bytes
/// actually read, chunked or not), and refused at once when <c>Content-Length</c> already says more;</item>
/// <item>a form body is read here, once, with tight <see cref="FormOptions"/>; a malformed, truncated or oversized form
/// is 400, and the endpoints (and the rate limiter) get the cached form;</item>
/// <item>a control character (other than tab, CR, LF) in any query or form name or value is 400 — it would otherwise reach
/// PostgreSQL, which refuses NUL in text. The protocol endpoints refuse tab, CR and LF too (RequestParameters).</item>
/// </list>
/// </summary>
internal static class RequestLimits
{
    public const int MaxRequestTargetLength = 8 * 1024;
    public const int ServerRequestLineLimit = 32 * 1024;
    public const long MaxBodyBytes = 64 * 1024;
    public const int MaxFormFields = 256;
    public const int MaxFormNameLength = 256;
    public const int MaxFormValueLength = 32 * 1024;

    public static readonly string FormProblem =
        $"The form body is malformed, truncated or too large (at most {MaxFormFields} fields, names up to {MaxFormNameLength} characters, " +
        $"values up to {MaxFormValueLength} characters, {MaxBodyBytes} bytes in all).";

    public static void Configure(WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestLineSize = ServerRequestLineLimit;
            k.Limits.MaxRequestBodySize = MaxBodyBytes;
        });
        builder.Services.Configure<FormOptions>(o =>
        {
            o.ValueCountLimit = MaxFormFields;
            o.KeyLengthLimit = MaxFormNameLength;
            o.ValueLengthLimit = MaxFormValueLength;
            o.MultipartBodyLengthLimit = MaxBodyBytes;
            o.MultipartHeadersCountLimit = 8;
            o.MultipartHeadersLengthLimit = 4 * 1024;
            o.BufferBody = false;
        });
    }

    public static void UseRequestLimits(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("IdentityBroker.Hosting.Errors");
        app.Use(async (context, next) =>
        {
            if (await ProblemAsync(context) is { } problem)
            {
                var reference = Interaction.ReferenceNumber.New();
                ErrorLog.Refused(logger, problem.Status, context.Request.Method, ErrorHandling.Route(context), reference, problem.Reason);
                await ErrorAnswer.WriteAsync(context, problem.Status, Protocol.OAuthErrors.InvalidRequest, problem.Reason, reference);
                return;
            }

            await next();
        });
    }

    private static async Task<(int Status, string Reason)?> ProblemAsync(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.Path + request.QueryString).ToString();
        if (target.Length > MaxRequestTargetLength)
        {
            return (StatusCodes.Status414UriTooLong, $"The request URI is longer than {MaxRequestTargetLength} characters; send the parameters with POST or PAR.");
        }

        // An endpoint that declares its own limit (IRequestSizeLimitMetadata, e.g. directory sync batches) enforces it
        // itself while reading; every other endpoint gets the broker-wide one.
        var ownLimit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is not null;
        if (!ownLimit && request.ContentLength > MaxBodyBytes)
        {
            return (StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxBodyBytes} bytes.");
        }

        if (FindControlCharacter(request.Query) is { } inQuery)
        {
            return (StatusCodes.Status400BadRequest, $"The query parameter {inQuery} contains a control character; remove it.");
        }

        if (!request.HasFormContentType || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            return null;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.RequestAborted);
        }
        catch (BadHttpRequestException bad) when (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxBodyBytes} bytes.");
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException && !context.RequestAborted.IsCancellationRequested)
        {
            // truncated multipart bodies end in IOException, limits in InvalidDataException; their messages are the
            // framework's fixed texts (which limit, which boundary), never the body's content
            return (StatusCodes.Status400BadRequest, FormProblem + " " + ex.Message);
        }

        return FindControlCharacter(form) is { } inForm
            ? (StatusCodes.Status400BadRequest, $"The form field {inForm} contains a control character; remove it.")
            : null;
    }

    /// <summary>The (shortened) name of the first parameter whose name or value holds a control character other than tab, CR, LF.</summary>
    private static string? FindControlCharacter(IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        foreach (var (key, values) in parameters)
        {
            if (IsBad(key) || values.Any(v => v is not null && IsBad(v)))
            {
                var safe = new string(key.Where(c => !char.IsControl(c)).Take(64).ToArray());
                return safe.Length == 0 ? "(unnamed)" : safe;
            }
        }

        return null;

        static bool IsBad(string s)
        {
            foreach (var c in s)
            {
                if ((c < 0x20 && c is not ('\t' or '\r' or '\n')) || c == 0x7F)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
