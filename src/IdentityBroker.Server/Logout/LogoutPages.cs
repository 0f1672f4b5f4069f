using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityBroker.Server.Logout;

/// <summary>The logout pages (Russian, never cached).</summary>
internal static class LogoutPages
{
    public static IResult Confirm(string antiforgeryFieldName, string antiforgeryToken, string pending) =>
        new NoStoreResult(new RazorComponentResult<LogoutConfirm>(new Dictionary<string, object?>
        {
            [nameof(LogoutConfirm.AntiforgeryFieldName)] = antiforgeryFieldName,
            [nameof(LogoutConfirm.AntiforgeryToken)] = antiforgeryToken,
            [nameof(LogoutConfirm.Pending)] = pending,
        }));

    public static IResult SignedOut() => new NoStoreResult(new RazorComponentResult<LogoutSignedOut>());

    public static IResult BadRequest(string code, string detail) => ErrorPages.BadRequest(
        "Не удалось выйти",
        "Электронный дневник отправил запрос на выход, который мы не можем обработать.",
        "Вернитесь на сайт электронного дневника и нажмите «Выйти» ещё раз. Чтобы выйти наверняка, закройте окно браузера.",
        code,
        detail);

    public static IResult ConfirmationExpired() => ErrorPages.BadRequest(
        "Страница выхода устарела",
        "Подтверждение выхода недействительно: страница устарела или открыта в другом браузере.",
        "Вернитесь на сайт электронного дневника и нажмите «Выйти» ещё раз.",
        "logout_confirmation_invalid",
        "The antiforgery token or the protected logout request is missing, expired or tampered with.");
}
