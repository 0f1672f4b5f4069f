using IdentityBroker.Core.People;
using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityBroker.Server.SignIn;

/// <summary>
/// R-MATCH-6: turns the diary_snils_missing refusal into the page "Привязать профиль дневника" — the same refusal (audit
/// record, reference number, "ask the school"), plus a form for the diary login and password that carries the sign-in
/// in a protected, browser-bound <see cref="PendingManualLink"/>. The candidates are the region's diary accounts whose
/// full name matched (R-MATCH-4) and that have no SNILS: the only accounts the password may link.
/// </summary>
internal sealed class ManualLinkOffer(IDiaryDirectory directory, ManualLinkProtector protector, IAntiforgery antiforgery)
{
    /// <summary>
    /// The page for <see cref="SignInFlow"/>'s refusal (given its reference number and return URL), or null when no
    /// candidate is left (the directory changed since the decision): then the plain refusal page.
    /// </summary>
    public async Task<Func<string, string?, IResult?>?> PrepareAsync(
        HttpContext context, AuthorizationRequest request, EsiaPerson person, Authentication authentication, string browserBindingHash,
        CancellationToken cancellationToken)
    {
        var byName = await directory.FindByNormalizedNameAsync(request.RegionCode, person.Name.Normalized, cancellationToken);
        var candidates = byName.Where(a => a.SnilsHash is null).Select(a => a.Id).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        return (reference, returnUrl) =>
        {
            var pending = protector.Protect(new PendingManualLink(request, candidates, authentication, browserBindingHash, reference, returnUrl));
            return ManualLinkPage.Render(context, antiforgery, pending, reference, returnUrl, StatusCodes.Status403Forbidden);
        };
    }
}

/// <summary>Renders <see cref="ManualLinkView"/> (never cached), with a fresh antiforgery token.</summary>
internal static class ManualLinkPage
{
    public static IResult Render(
        HttpContext context, IAntiforgery antiforgery, string pending, string? reference, string? returnUrl, int status,
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
            [nameof(ManualLinkView.ReturnUrl)] = returnUrl,
        })
        { StatusCode = status });
    }
}
