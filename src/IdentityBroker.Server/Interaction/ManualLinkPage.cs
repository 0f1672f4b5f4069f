using IdentityBroker.Core.SignIn;
using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityBroker.Server.Interaction;

/// <summary>Renders <see cref="ManualLinkView"/> (never cached), with a fresh antiforgery token.</summary>
internal static class ManualLinkPage
{
    public static IResult Render(
        HttpContext context, IAntiforgery antiforgery, string pending, string? reference, ClientReturn? clientReturn, int status,
        string? login = null, string? message = null, string? messageKind = null)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new NoStoreResult(new RazorComponentResult<ManualLinkView>(new Dictionary<string, object?>
        {
            [nameof(ManualLinkView.Text)] = ReasonTexts.For(ReasonCodes.DiarySnilsMissing, RuleIds.Match6),
            [nameof(ManualLinkView.AntiforgeryFieldName)] = tokens.FormFieldName,
            [nameof(ManualLinkView.AntiforgeryToken)] = tokens.RequestToken,
            [nameof(ManualLinkView.Pending)] = pending,
            [nameof(ManualLinkView.Login)] = login,
            [nameof(ManualLinkView.Message)] = message,
            [nameof(ManualLinkView.MessageKind)] = messageKind,
            [nameof(ManualLinkView.ReferenceNumber)] = reference,
            [nameof(ManualLinkView.Return)] = clientReturn,
        })
        { StatusCode = status });
    }
}
