using IdentityBroker.Core.People;
using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// R-MATCH-6: turns the diary_snils_missing refusal into the page "Привязать профиль дневника" — the same refusal (audit
/// record, reference number, "ask the school"), plus a form for the diary login and password that carries the sign-in
/// in a protected, browser-bound <see cref="PendingManualLink"/> (<see cref="ProtectedFormState{T}"/>). The candidates are the region's diary accounts whose
/// full name matched (R-MATCH-4) and that have no SNILS: the only accounts the password may link.
/// </summary>
internal sealed class ManualLinkOffer(IDiaryDirectory directory, ProtectedFormState<PendingManualLink> forms, IAntiforgery antiforgery)
{
    /// <summary>
    /// The page of <see cref="SignInFlow"/>'s diary_snils_missing refusal (already recorded by <see cref="SignInRefusals"/>):
    /// the form, or the plain refusal page when no candidate is left (the directory changed since the decision).
    /// </summary>
    public async Task<IResult> RenderAsync(
        HttpContext context, AuthorizationRequest request, EsiaPerson person, EsiaAuthentication authentication, string browserBindingHash,
        SignInRefusal refusal, CancellationToken cancellationToken)
    {
        var byName = await directory.FindByNormalizedNameAsync(request.RegionCode, person.Name.Normalized, cancellationToken);
        var candidates = byName.Where(a => a.SnilsHash is null).Select(a => a.Id).ToList();
        if (candidates.Count == 0)
        {
            return SignInRefusals.Page(refusal);
        }

        var pending = forms.Protect(new PendingManualLink(request, candidates, authentication, browserBindingHash, refusal.ReferenceNumber, refusal.Return));
        return ManualLinkPage.Render(context, antiforgery, pending, refusal.ReferenceNumber, refusal.Return, StatusCodes.Status403Forbidden);
    }
}

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
