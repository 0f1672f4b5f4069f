using IdentityBroker.Core.Interaction;
using IdentityBroker.Server.Interaction.Steps;

namespace IdentityBroker.Server.Interaction;

/// <summary><c>POST /signin/consent</c> (R-CONSENT-1): the person accepted or declined the consent text (<see cref="DataConsentStep"/>).</summary>
internal static class DataConsentEndpoint
{
    public const string Route = "/signin/consent";

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost(Route, HandleAsync).DisableAntiforgery(); // the ticket is browser-bound and single-use instead (SignInInteraction)

    private static async Task<IResult> HandleAsync(
        HttpContext context, SignInInteraction interaction, DataConsentStep step, SignInPages pages, ILogger<DataConsentStep> logger, CancellationToken cancellationToken)
    {
        if (await StepForm.ReadAsync(context, cancellationToken) is not { } form)
        {
            DataConsentLog.AnswerRefused(logger, "not a form post");
            return SignInPages.Expired(SignInStep.DataConsent, otherBrowser: false);
        }

        var decision = form["decision"].ToString();
        if (decision is not ("accept" or "decline"))
        {
            // Bad input loses nothing: the form stays usable (nothing was claimed).
            DataConsentLog.AnswerRefused(logger, "no decision");
            return DataConsentPages.Expired("invalid_consent_decision");
        }

        var answer = await interaction.AnswerAsync(step, form["consent"], decision == "accept", BrowserBinding.CurrentHash(context), cancellationToken);
        return await pages.RenderAsync(context, answer);
    }
}
