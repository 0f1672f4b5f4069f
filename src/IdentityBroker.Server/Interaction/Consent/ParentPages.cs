using IdentityBroker.Core.Consent;
using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Matching;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Regions;
using IdentityBroker.Server.Interaction;
using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityBroker.Server.Interaction.Consent;

/// <summary>Builds the parent's pages (Russian, never cached, antiforgery on every form) from the stores.</summary>
internal sealed class ParentPages(
    IParentalConsentStore consents,
    IFamilyRelationStore relations,
    IDiaryDirectory directory,
    IAntiforgery antiforgery,
    RegionCatalog catalog,
    TimeProvider time)
{
    /// <summary>R-CONSENT-3 (way 1): the pending requests of the person's verified (ESIA) children that the directory still has.</summary>
    public async Task<IReadOnlyList<ChildItem>> PendingRequestsAsync(string region, string parentEsiaSubjectHash, CancellationToken cancellationToken)
    {
        var verified = await relations.FindChildrenAsync(region, parentEsiaSubjectHash, cancellationToken);
        var pending = verified.Count == 0
            ? []
            : await consents.FindPendingAsync(region, verified.Select(r => r.ChildAccountId).Distinct().ToList(), cancellationToken);
        var items = new List<ChildItem>();
        foreach (var request in pending)
        {
            if (await directory.GetAsync(region, request.ChildAccountId, cancellationToken) is { } child)
            {
                items.Add(Item(child, "pending", DateText(region, request.CreatedAt)));
            }
        }

        return items;
    }

    /// <summary>The parent's step of a sign-in (<see cref="Steps.ParentalConsentStep"/>): the requests, or the no_children_linked notice.</summary>
    public IResult ParentStep(HttpContext context, ParentStepPage page, string ticket)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        if (page.Requests.Count == 0 && page.Message is null && page.NoChildrenLinked)
        {
            return new NoStoreResult(new RazorComponentResult<NoticeNoChildrenView>(new Dictionary<string, object?>
            {
                [nameof(NoticeNoChildrenView.AntiforgeryFieldName)] = tokens.FormFieldName,
                [nameof(NoticeNoChildrenView.AntiforgeryToken)] = tokens.RequestToken,
                [nameof(NoticeNoChildrenView.Pending)] = ticket,
            }) { StatusCode = page.Status });
        }

        return new NoStoreResult(new RazorComponentResult<ConsentRequestsView>(new Dictionary<string, object?>
        {
            [nameof(ConsentRequestsView.AntiforgeryFieldName)] = tokens.FormFieldName,
            [nameof(ConsentRequestsView.AntiforgeryToken)] = tokens.RequestToken,
            [nameof(ConsentRequestsView.Pending)] = ticket,
            [nameof(ConsentRequestsView.Requests)] = page.Requests,
            [nameof(ConsentRequestsView.NoChildrenLinked)] = page.NoChildrenLinked,
            [nameof(ConsentRequestsView.Message)] = page.Message,
        }) { StatusCode = page.Status });
    }

    /// <summary>«Мои дети» (way 2): the verified children matched to diary accounts, with their consent status.</summary>
    public async Task<IResult> ChildrenAsync(HttpContext context, string region, string parentEsiaSubjectHash, string? message, CancellationToken cancellationToken)
    {
        var ids = (await relations.FindChildrenAsync(region, parentEsiaSubjectHash, cancellationToken)).Select(r => r.ChildAccountId).Distinct().ToList();
        var active = ids.Count == 0 ? [] : await consents.FindActiveForChildrenAsync(region, ids, cancellationToken);
        var pending = ids.Count == 0 ? [] : await consents.FindPendingAsync(region, ids, cancellationToken);
        var today = catalog.FindRegion(region)?.Region.Today(time.GetUtcNow()) ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var items = new List<ChildItem>();
        foreach (var id in ids)
        {
            if (await directory.GetAsync(region, id, cancellationToken) is not { } child)
            {
                continue;
            }

            if (active.FirstOrDefault(c => c.ChildAccountId == id) is { } consent)
            {
                items.Add(Item(child, "granted", DateText(region, consent.GrantedAt)));
            }
            else if (child.BirthDate is { } born && !MinorConsentRule.Applies(AgeCalculator.FullYears(born, today)))
            {
                items.Add(Item(child, "adult", null));
            }
            else if (pending.FirstOrDefault(r => r.ChildAccountId == id) is { } request)
            {
                items.Add(Item(child, "pending", DateText(region, request.CreatedAt)));
            }
            else
            {
                items.Add(Item(child, "none", null));
            }
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        return new NoStoreResult(new RazorComponentResult<ChildrenView>(new Dictionary<string, object?>
        {
            [nameof(ChildrenView.AntiforgeryFieldName)] = tokens.FormFieldName,
            [nameof(ChildrenView.AntiforgeryToken)] = tokens.RequestToken,
            [nameof(ChildrenView.Children)] = items,
            [nameof(ChildrenView.Message)] = message,
        }));
    }

    /// <summary>R-CONSENT-6: a parent acting on a child ESIA does not list as theirs.</summary>
    public static IResult NotParentInEsia() => new NoStoreResult(new RazorComponentResult<ErrorPage>(new Dictionary<string, object?>
    {
        [nameof(ErrorPage.ReasonCode)] = "not_parent_in_esia",
        [nameof(ErrorPage.Text)] = new ReasonText(
            "Вы не можете дать согласие за этого ребёнка",
            "По данным Госуслуг этот ребёнок не привязан к вашей учётной записи, поэтому дать или отозвать согласие за него нельзя. Связь родителя и ребёнка в электронном дневнике для этого недостаточна.",
            "Если это ваш ребёнок, привяжите его в разделе «Семья и дети» на Госуслугах, затем войдите в электронный дневник снова."),
        [nameof(ErrorPage.TechnicalDetail)] = "R-CONSENT-6: the child is not among this person's children verified from ESIA.",
    }) { StatusCode = StatusCodes.Status403Forbidden });

    /// <summary>A form that is stale, tampered with, from another browser, or without a valid antiforgery token.</summary>
    public static IResult Expired() => ErrorPages.BadRequest(
        "Страница устарела",
        "Действие недействительно: страница устарела, открыта в другом браузере или форма была изменена.",
        "Войдите в электронный дневник через Госуслуги заново.",
        "consent_form_invalid",
        "The antiforgery token or the protected sign-in state is missing, expired, tampered with, or bound to another browser.");

    private static ChildItem Item(DiaryAccount child, string status, string? since) => new(
        child.Id,
        string.Join(' ', new[] { child.Name.LastName, child.Name.FirstName, child.Name.MiddleName }.Where(p => !string.IsNullOrWhiteSpace(p))),
        string.Join(", ", child.Schools.Select(s => s.Name)),
        status,
        since);

    private string DateText(string region, DateTimeOffset at) =>
        (catalog.FindRegion(region) is { } r ? TimeZoneInfo.ConvertTime(at, r.Region.TimeZone) : at).ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture);
}
