using IdentityBroker.Server.Interaction;
using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

using IdentityBroker.Server.Protocol;

namespace IdentityBroker.Server.Interaction.Consent;

/// <summary>
/// <c>GET/POST /account/children</c> — «Мои дети» (R-CONSENT-4, way 2): requires the broker session (the parent signed in
/// through ESIA in this browser). POST acts on one child (grant ahead of time, decline a request, revoke: R-CONSENT-5),
/// with an antiforgery token, and answers 303 back to the page (no resubmission on reload).
/// </summary>
internal static class ChildrenEndpoint
{
    private static readonly Dictionary<string, string> Messages = new(StringComparer.Ordinal)
    {
        ["granted"] = "Согласие дано. Ребёнок может входить в электронный дневник.",
        ["declined"] = "Запрос отклонён.",
        ["revoked"] = "Согласие отозвано. Ребёнок вышел из электронного дневника на всех устройствах и не сможет войти, пока согласие не будет дано снова.",
    };

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(ConsentRoutes.Children, ShowAsync);
        routes.MapPost(ConsentRoutes.Children, ActAsync).DisableAntiforgery(); // validated explicitly with IAntiforgery
    }

    private static async Task<IResult> ShowAsync(HttpContext context, ParentPages pages, CancellationToken cancellationToken)
    {
        if (await BrokerSession.ReadAsync(context) is not { } session)
        {
            return SignInRequired();
        }

        var done = context.Request.Query["done"].ToString();
        return await pages.ChildrenAsync(context, session.RegionCode, session.EsiaSubjectHash, Messages.GetValueOrDefault(done), cancellationToken);
    }

    private static async Task<IResult> ActAsync(HttpContext context, IAntiforgery antiforgery, ParentalConsentService service, CancellationToken cancellationToken)
    {
        if (await BrokerSession.ReadAsync(context) is not { } session)
        {
            return SignInRequired();
        }

        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return ParentPages.Expired();
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var child = form["child"].ToString();
        var action = form["action"].ToString();
        if (child.Length is 0 or > 128 || action is not ("grant" or "decline" or "revoke"))
        {
            return ParentPages.Expired();
        }

        var parent = new ParentActor(session.RegionCode, session.EsiaSubjectHash, session.Subject, null);
        var decision = action switch
        {
            "grant" => await service.GrantAsync(parent, child, cancellationToken),
            "decline" => await service.DeclineAsync(parent, child, cancellationToken),
            _ => await service.RevokeAsync(parent, child, cancellationToken),
        };
        if (decision == ConsentDecision.NotParentInEsia)
        {
            return ParentPages.NotParentInEsia();
        }

        var done = action switch { "grant" => "granted", "decline" => "declined", _ => "revoked" };
        return new SeeOther(ConsentRoutes.Children + "?done=" + done);
    }

    private static NoStoreResult SignInRequired() => new(new RazorComponentResult<ErrorPage>(new Dictionary<string, object?>
    {
        [nameof(ErrorPage.ReasonCode)] = "sign_in_required",
        [nameof(ErrorPage.Text)] = new ReasonText(
            "Войдите в электронный дневник",
            "Страница «Мои дети» доступна только после входа в электронный дневник через Госуслуги в этом браузере.",
            "Войдите в электронный дневник через Госуслуги и откройте эту страницу снова."),
    }) { StatusCode = StatusCodes.Status401Unauthorized });

    /// <summary>303 See Other: after a POST, the browser GETs the page (no resubmission on reload).</summary>
    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}
