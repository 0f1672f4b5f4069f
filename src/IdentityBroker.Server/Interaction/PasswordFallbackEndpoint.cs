using IdentityBroker.Core.Interaction;
using IdentityBroker.Server.Interaction.Steps;
using IdentityBroker.Server.Protocol;
using Microsoft.AspNetCore.Antiforgery;

namespace IdentityBroker.Server.Interaction;

/// <summary><c>POST /signin/password</c>: the diary login and password of the R-REGION-3 fallback (<see cref="PasswordFallbackStep"/>).</summary>
internal static class PasswordFallbackEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost(ProtocolRoutes.PasswordFallback, HandleAsync).DisableAntiforgery(); // validated explicitly (ManualLinkForm); the ticket is browser-bound

    private static async Task<IResult> HandleAsync(
        HttpContext context, IAntiforgery antiforgery, SignInInteraction interaction, PasswordFallbackStep step, SignInPages pages,
        ILogger<ManualLinkCredentialCheck> logger, CancellationToken cancellationToken)
    {
        if (await ManualLinkForm.ReadAsync(context, antiforgery, cancellationToken) is not { } form)
        {
            Log.CredentialFormInvalid(logger, "password_fallback");
            return pages.Expired(SignInStep.PasswordFallback, otherBrowser: false);
        }

        var answer = await interaction.AnswerAsync(step, form.Pending, new CredentialsAnswer(form.Login, form.Password), BrowserBinding.CurrentHash(context), cancellationToken);
        return await pages.RenderAsync(context, answer);
    }
}
