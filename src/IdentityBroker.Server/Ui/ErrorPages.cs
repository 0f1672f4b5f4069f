using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityBroker.Server.Ui;

/// <summary>Builds the error page results used by the protocol and sign-in endpoints.</summary>
internal static class ErrorPages
{
    /// <summary>A refusal with a reason code of the requirements (<paramref name="variant"/>: a <see cref="ReasonTexts"/> variant of its text).</summary>
    public static IResult Refusal(string reasonCode, string? ruleId, string? referenceNumber, ClientReturn? clientReturn, int status = StatusCodes.Status403Forbidden, string? variant = null) =>
        Render(reasonCode, ReasonTexts.For(reasonCode, ruleId, variant), referenceNumber, clientReturn, null, status);

    /// <summary>A refusal with its own text (not one of <see cref="ReasonTexts"/>), e.g. the declined data consent.</summary>
    public static IResult Refusal(string reasonCode, ReasonText text, string? referenceNumber, ClientReturn? clientReturn) =>
        Render(reasonCode, text, referenceNumber, clientReturn, null, StatusCodes.Status403Forbidden);

    /// <summary>A request the broker cannot act on (bad client, bad redirect URI, expired or tampered sign-in).</summary>
    public static IResult BadRequest(string title, string explanation, string remedy, string errorCode, string technicalDetail) =>
        Render(errorCode, new ReasonText(title, explanation, remedy), null, null, technicalDetail, StatusCodes.Status400BadRequest);

    private static NoStoreResult Render(string code, ReasonText text, string? reference, ClientReturn? clientReturn, string? detail, int status) =>
        new NoStoreResult(new RazorComponentResult<ErrorPage>(new Dictionary<string, object?>
        {
            [nameof(ErrorPage.ReasonCode)] = code,
            [nameof(ErrorPage.Text)] = text,
            [nameof(ErrorPage.ReferenceNumber)] = reference,
            [nameof(ErrorPage.Return)] = clientReturn,
            [nameof(ErrorPage.TechnicalDetail)] = detail,
        })
        { StatusCode = status });
}

/// <summary>Wraps a result so that browsers and proxies keep no copy of the page.</summary>
internal sealed class NoStoreResult(IResult inner) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.CacheControl = "no-store";
        return inner.ExecuteAsync(httpContext);
    }
}
