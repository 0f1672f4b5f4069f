using IdentityBroker.DemoClient.Oidc;

namespace IdentityBroker.DemoClient.Pages;

/// <summary>The Russian error page: what happened, the error code, an English technical line, and a way back. No stack traces.</summary>
internal static class ErrorPage
{
    public const string SignInFailedTitle = "Вход не выполнен";

    public static IResult Render(string basePath, string title, string code, string userMessage, string detail,
        string? description = null, int statusCode = StatusCodes.Status400BadRequest) =>
        Html.Page(title, $"""
            <section>
            <h1>{Html.E(title)}</h1>
            {Html.ErrorBox(code, userMessage, detail, description)}
            <a id="back" class="button" href="{Html.E(basePath)}/">Вернуться на главную</a>
            </section>
            """, statusCode);

    public static IResult For(string basePath, OidcFlowException ex) =>
        Render(basePath, SignInFailedTitle, ex.Code, ex.UserMessage, ex.Detail, statusCode: ex.StatusCode);

    /// <summary>Russian text for the standard authorization error codes (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6).</summary>
    public static string DescribeAuthorizationError(string error) => error switch
    {
        "access_denied" => "Вход отменён или доступ запрещён.",
        "login_required" or "interaction_required" => "Нужно войти на портале Госуслуг.",
        "consent_required" => "Нужно дать согласие на передачу данных.",
        "invalid_request" or "invalid_scope" or "unauthorized_client" or "unsupported_response_type" =>
            "Запрос на вход отклонён: ошибка настройки дневника.",
        "temporarily_unavailable" or "server_error" => "Сервер входа временно недоступен. Попробуйте позже.",
        _ => "Сервер входа вернул ошибку.",
    };
}
