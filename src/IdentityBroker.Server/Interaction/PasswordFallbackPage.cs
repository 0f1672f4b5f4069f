using IdentityBroker.Core.SignIn;
using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityBroker.Server.Interaction;

/// <summary>Renders <see cref="PasswordFallbackView"/> (never cached), with a fresh antiforgery token when it has a form.</summary>
internal static class PasswordFallbackPage
{
    public static IResult Render(
        HttpContext context, IAntiforgery antiforgery, string? pending, string? reference, ClientReturn? clientReturn, int status,
        string? login = null, string? message = null, string? messageKind = null)
    {
        var tokens = pending is null ? null : antiforgery.GetAndStoreTokens(context);
        return new NoStoreResult(new RazorComponentResult<PasswordFallbackView>(new Dictionary<string, object?>
        {
            [nameof(PasswordFallbackView.Text)] = ReasonTexts.For(ReasonCodes.EsiaUnavailable),
            [nameof(PasswordFallbackView.Pending)] = pending,
            [nameof(PasswordFallbackView.AntiforgeryFieldName)] = tokens?.FormFieldName,
            [nameof(PasswordFallbackView.AntiforgeryToken)] = tokens?.RequestToken,
            [nameof(PasswordFallbackView.Login)] = login,
            [nameof(PasswordFallbackView.Message)] = message,
            [nameof(PasswordFallbackView.MessageKind)] = messageKind,
            [nameof(PasswordFallbackView.ReferenceNumber)] = reference,
            [nameof(PasswordFallbackView.Return)] = clientReturn,
        })
        { StatusCode = status });
    }
}
