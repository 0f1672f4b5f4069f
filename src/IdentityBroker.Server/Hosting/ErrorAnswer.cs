using System.Net;
using IdentityBroker.Server.Protocol;

namespace IdentityBroker.Server.Hosting;

/// <summary>
/// How an error reaches the caller when no endpoint wrote it (a refused request, an exception, an empty 405/414): an
/// RFC 6749 §5.2 JSON error at the machine endpoints (token, userinfo, revocation, introspection, PAR, discovery, JWKS,
/// staff API, health), a Russian page with a reference number everywhere a browser goes (authorize, sign-in, account,
/// logout). Never a stack trace or exception text, in every environment (issue #10 item 3).
/// </summary>
internal static class ErrorAnswer
{
    private static readonly string[] JsonPrefixes =
    [
        ProtocolRoutes.Token, ProtocolRoutes.UserInfo, ProtocolRoutes.Revocation, ProtocolRoutes.Introspection, ProtocolRoutes.PushedAuthorization,
        "/.well-known", "/admin", "/health", "/metrics",
    ];

    /// <summary>True for the endpoints that answer machines with JSON.</summary>
    public static bool WantsJson(PathString path) => JsonPrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Writes the error, replacing whatever the response held (<paramref name="clear"/>; else its headers, such as
    /// <c>Allow</c>, stay); nothing when the response has already started.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, int status, string error, string description, string? reference = null, bool clear = true)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        if (clear)
        {
            response.Clear();
        }

        response.StatusCode = status;
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = "2";
        }

        if (status == StatusCodes.Status413PayloadTooLarge)
        {
            // the rest of the body is not read: tell the client this connection ends, or its next request on it fails
            response.Headers.Connection = "close";
        }

        if (WantsJson(context.Request.Path))
        {
            var body = new Dictionary<string, string> { ["error"] = error, ["error_description"] = description };
            if (reference is not null)
            {
                body["reference"] = reference; // the number in the log line of this refusal or failure (events 1900, 1902)
            }

            await response.WriteAsJsonAsync(body, context.RequestAborted);
            return;
        }

        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(Page(status, error, description, reference ?? Interaction.ReferenceNumber.New()), context.RequestAborted);
    }

    /// <summary>A self-contained page (no component rendering: it must work when anything else has failed).</summary>
    private static string Page(int status, string error, string description, string reference)
    {
        var (title, explanation) = status switch
        {
            >= 500 when error == OAuthErrors.TemporarilyUnavailable =>
                ("Сервис временно недоступен", "Вход временно недоступен. Подождите минуту и попробуйте снова."),
            >= 500 => ("Внутренняя ошибка", "При обработке запроса произошла ошибка. Попробуйте ещё раз немного позже."),
            StatusCodes.Status404NotFound => ("Страница не найдена", "Такой страницы нет. Проверьте адрес или вернитесь на сайт электронного дневника."),
            _ => ("Некорректный запрос", "Запрос не может быть обработан: он повреждён или слишком велик. Вернитесь на сайт электронного дневника и начните вход заново."),
        };
        return $$"""
            <!DOCTYPE html>
            <html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{title}}</title>
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1d2733}.muted{color:#66727f;font-size:.9rem}</style></head>
            <body><div id="error" role="alert" data-reason="{{WebUtility.HtmlEncode(error)}}">
            <h1>{{title}}</h1>
            <p>{{explanation}}</p>
            <p>Номер обращения: <code id="reference">{{WebUtility.HtmlEncode(reference)}}</code>. Сообщите его в службу поддержки, если ошибка повторяется.</p>
            <p class="muted">Код причины: <span id="error-code">{{WebUtility.HtmlEncode(error)}}</span> · {{WebUtility.HtmlEncode(description)}}</p>
            </div></body></html>
            """;
    }
}
