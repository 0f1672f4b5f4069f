using IdentityBroker.Core.Protocol;
using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Protocol.Endpoints;
using IdentityBroker.Server.Regions;
using IdentityBroker.Server.Ui;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// <c>POST /signin/region</c> (R-REGION-2): the user picked a region on the list page. The authorization request comes
/// from the protected form field (<see cref="PendingRegionChoice"/>), bound to this browser; the region must be one the
/// client serves. The choice is remembered for the browser (<see cref="RegionChoiceCookie"/>) and the request continues
/// as at <c>/connect/authorize</c>: single sign-on within that region, or ESIA with the region's registration.
/// </summary>
internal static class RegionChoiceEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost(ProtocolRoutes.ChooseRegion, HandleAsync).DisableAntiforgery(); // bound to the browser instead: see PendingRegionChoice

    private static async Task<IResult> HandleAsync(
        HttpContext context, ProtectedFormState<PendingRegionChoice> forms, RegionCatalog catalog, AuthorizationCodeIssuer codes, IAuthorizeInteraction interaction,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType)
        {
            return Expired();
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var region = form["region"].ToString();
        if (forms.Peek(form["choice"]) is { } peeked && catalog.FindClient(peeked.Request.ClientId) is { IsShared: true } served && !served.AllowsRegion(region))
        {
            // Bad input loses nothing: the list stays usable (the choice was not used up).
            return ErrorPages.BadRequest(
                "Регион не найден",
                "Выбранный регион не обслуживается этим приложением.",
                "Вернитесь назад и выберите регион из списка.",
                "invalid_region",
                "The region posted is not one of the regions the client serves.");
        }

        // Single use: a replayed choice (any replica) reads as expired; one from another browser does not use it up.
        var choice = await forms.ConsumeAsync(form["choice"], c => BrowserBinding.Matches(context, c.BrowserBindingHash), cancellationToken);
        if (choice is null || catalog.FindClient(choice.Request.ClientId) is not { IsShared: true })
        {
            return Expired();
        }

        RegionChoiceCookie.Write(context, region);
        AuthorizationRequest request = choice.Request with { RegionCode = region };
        return await AuthorizeEndpoint.ProceedAsync(context, request, catalog, codes, interaction, time, cancellationToken);
    }

    private static IResult Expired() => ErrorPages.BadRequest(
        "Сеанс входа устарел",
        "Выбор региона недействителен: он устарел, уже был отправлен или открыт в другом браузере.",
        "Вернитесь в приложение электронного дневника и начните вход заново.",
        "invalid_region_choice",
        "The region choice is missing, expired, already used, tampered with, or bound to another browser.");
}
