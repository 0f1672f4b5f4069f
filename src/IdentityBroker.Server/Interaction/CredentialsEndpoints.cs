using IdentityBroker.Core.Interaction;
using IdentityBroker.Server.Interaction.Steps;
using IdentityBroker.Server.Protocol;
using Microsoft.AspNetCore.Antiforgery;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// The two diary login + password forms of the sign-in, one handler: <c>POST /signin/link</c> (R-MATCH-6 manual linking,
/// <see cref="ManualLinkStep"/>) and <c>POST /signin/password</c> (R-REGION-3 password fallback, <see cref="PasswordFallbackStep"/>).
/// The form is read only with a valid antiforgery token (<see cref="StepForm"/>); its ticket is browser-bound and
/// counts once (<see cref="SignInInteraction"/>).
/// </summary>
internal static class CredentialsEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(ProtocolRoutes.ManualLink, (HttpContext context, ManualLinkStep step, Handler handler, CancellationToken cancellationToken) =>
            handler.HandleAsync(context, step, "manual_link", cancellationToken)).DisableAntiforgery(); // validated explicitly (StepForm)
        routes.MapPost(ProtocolRoutes.PasswordFallback, (HttpContext context, PasswordFallbackStep step, Handler handler, CancellationToken cancellationToken) =>
            handler.HandleAsync(context, step, "password_fallback", cancellationToken)).DisableAntiforgery(); // validated explicitly (StepForm)
    }

    /// <summary>The one handler of both forms (registered by <see cref="SignInServices"/>).</summary>
    internal sealed class Handler(IAntiforgery antiforgery, SignInInteraction interaction, SignInPages pages, ILogger<ManualLinkCredentialCheck> logger)
    {
        public async Task<IResult> HandleAsync(HttpContext context, IFormStep<CredentialsAnswer> step, string formName, CancellationToken cancellationToken)
        {
            if (await StepForm.ReadAsync(context, cancellationToken, antiforgery) is not { } form)
            {
                Log.CredentialFormInvalid(logger, formName);
                return SignInPages.Expired(step.Step, otherBrowser: false);
            }

            var answer = await interaction.AnswerAsync(
                step, form["pending"], new CredentialsAnswer(form["login"].ToString(), form["password"].ToString()), BrowserBinding.CurrentHash(context), cancellationToken);
            return await pages.RenderAsync(context, answer);
        }
    }
}
