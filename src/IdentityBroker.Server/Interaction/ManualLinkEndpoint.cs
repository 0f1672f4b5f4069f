using IdentityBroker.Core.Interaction;
using IdentityBroker.Server.Interaction.Steps;
using IdentityBroker.Server.Protocol;
using Microsoft.AspNetCore.Antiforgery;

namespace IdentityBroker.Server.Interaction;

/// <summary><c>POST /signin/link</c>: the diary login and password of R-MATCH-6 manual linking (<see cref="ManualLinkStep"/>).</summary>
internal static class ManualLinkEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost(ProtocolRoutes.ManualLink, HandleAsync).DisableAntiforgery(); // validated explicitly (ManualLinkForm); the ticket is browser-bound

    private static async Task<IResult> HandleAsync(
        HttpContext context, IAntiforgery antiforgery, SignInInteraction interaction, ManualLinkStep step, SignInPages pages,
        ILogger<ManualLinkCredentialCheck> logger, CancellationToken cancellationToken)
    {
        if (await ManualLinkForm.ReadAsync(context, antiforgery, cancellationToken) is not { } form)
        {
            Log.CredentialFormInvalid(logger, "manual_link");
            return pages.Expired(SignInStep.ManualLink, otherBrowser: false);
        }

        var answer = await interaction.AnswerAsync(step, form.Pending, new CredentialsAnswer(form.Login, form.Password), BrowserBinding.CurrentHash(context), cancellationToken);
        return await pages.RenderAsync(context, answer);
    }
}
