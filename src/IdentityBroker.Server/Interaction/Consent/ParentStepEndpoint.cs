using IdentityBroker.Core.Interaction;
using IdentityBroker.Server.Interaction.Steps;
using Microsoft.AspNetCore.Antiforgery;

namespace IdentityBroker.Server.Interaction.Consent;

/// <summary>
/// <c>POST /signin/parent</c>: the parent's step of the sign-in (<see cref="ParentalConsentStep"/>, R-CONSENT-3 way 1,
/// R-CONSENT-6 notice): «Дать согласие» / «Отклонить» for one child, or «Продолжить».
/// </summary>
internal static class ParentStepEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost(ConsentRoutes.ParentStep, HandleAsync).DisableAntiforgery(); // validated explicitly with IAntiforgery

    private static async Task<IResult> HandleAsync(
        HttpContext context, IAntiforgery antiforgery, SignInInteraction interaction, ParentalConsentStep step, SignInPages pages, CancellationToken cancellationToken)
    {
        if (await StepForm.ReadAsync(context, cancellationToken, antiforgery) is not { } form)
        {
            return SignInPages.Expired(SignInStep.ParentalConsent, otherBrowser: false);
        }

        var answer = new ParentAnswer(form["action"].ToString(), form["child"].ToString());
        return await pages.RenderAsync(context, await interaction.AnswerAsync(step, form["pending"], answer, BrowserBinding.CurrentHash(context), cancellationToken));
    }
}
