using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Antiforgery;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// A posted diary login + password form (manual linking R-MATCH-6, password fallback R-REGION-3), read only when the
/// antiforgery token is valid (the broker has no antiforgery middleware; endpoints validate with
/// <see cref="IAntiforgery"/>). Its protected pending state is read and bound to the browser by the caller.
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

    /// <summary>The form cannot be used (expired, tampered with, other browser, no valid antiforgery token).</summary>
    /// <summary>
    /// The answer to a credential check that did not succeed, shared by manual linking (R-MATCH-6) and the password fallback
    /// (R-REGION-3): delayed → the form again with 429 and Retry-After; wrong → the form again with 400; inactive → the
    /// account_inactive refusal (R-MATCH-8). Null when the check succeeded.
    /// </summary>
    /// <param name="again">Re-shows the form with a status, a message and its kind.</param>
    public static IResult? ForFailure(
        HttpContext context, CredentialCheckResult result, DateTimeOffset now, Func<int, string, string, IResult> again, string referenceNumber, ClientReturn clientReturn)
    {
        switch (result.Outcome)
        {
            case CredentialOutcome.Delayed:
                var wait = result.RetryAt!.Value - now;
                context.Response.Headers.RetryAfter = ((long)Math.Ceiling(Math.Max(1, wait.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return again(StatusCodes.Status429TooManyRequests, ManualLinkTexts.Delayed(wait), ManualLinkTexts.DelayedKind);

            case CredentialOutcome.WrongCredentials:
                return again(StatusCodes.Status400BadRequest, ManualLinkTexts.WrongCredentials, ManualLinkTexts.WrongCredentialsKind);

            case CredentialOutcome.AccountInactive:
                return ErrorPages.Refusal(Core.SignIn.ReasonCodes.AccountInactive, Core.SignIn.RuleIds.Match8, referenceNumber, clientReturn);

            default:
                return null;
        }
    }

    public static IResult Expired(string what) => ErrorPages.BadRequest(
        "Сеанс входа устарел",
        $"Страница {what} устарела или открыта в другом браузере.",
        "Вернитесь на сайт электронного дневника и начните вход заново.",
        "invalid_sign_in_form",
        "The form's pending state or antiforgery token is missing, expired, tampered with, or from another browser.");
}
