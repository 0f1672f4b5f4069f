using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Antiforgery;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// A posted diary login + password form (manual linking R-MATCH-6, password fallback R-REGION-3), read only when the
/// antiforgery token is valid (the broker has no antiforgery middleware; endpoints validate with
/// <see cref="IAntiforgery"/>). Its ticket is claimed by <see cref="SignInInteraction"/>.
/// </summary>
internal sealed record ManualLinkForm(string? Pending, string Login, string Password)
{
    public bool IsComplete => !string.IsNullOrWhiteSpace(Login) && Password.Length > 0;

    public static async Task<ManualLinkForm?> ReadAsync(HttpContext context, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return null;
            }

            var form = await context.Request.ReadFormAsync(cancellationToken);
            return new ManualLinkForm(form["pending"], form["login"].ToString(), form["password"].ToString());
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return null; // a malformed or oversized body: the "expired" page, never a 500
        }
    }

    /// <summary>The form cannot be used (expired, already used, stale, other browser, no valid antiforgery token).</summary>
    public static IResult Expired(string what) => ErrorPages.BadRequest(
        "Сеанс входа устарел",
        $"Страница {what} устарела или открыта в другом браузере.",
        "Вернитесь на сайт электронного дневника и начните вход заново.",
        "invalid_sign_in_form",
        "The form's sign-in ticket or antiforgery token is missing, expired, already used, stale, or from another browser.");
}
