using IdentityBroker.Core.Interaction;
using IdentityBroker.Server.Interaction.Steps;
using IdentityBroker.Server.Protocol;

namespace IdentityBroker.Server.Interaction;

/// <summary><c>POST /signin/choose</c>: the person picked one of several diary accounts (R-MATCH-5, <see cref="ChooseAccountStep"/>).</summary>
internal static class ChooseAccountEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost(ProtocolRoutes.ChooseAccount, HandleAsync).DisableAntiforgery(); // the ticket is browser-bound and single-use instead (SignInInteraction)

    private static async Task<IResult> HandleAsync(
        HttpContext context, SignInInteraction interaction, ChooseAccountStep step, SignInPages pages, CancellationToken cancellationToken)
    {
        if (await StepForm.ReadAsync(context, cancellationToken) is not { } form)
        {
            return SignInPages.Expired(SignInStep.ChooseAccount, otherBrowser: false);
        }

        var answer = await interaction.AnswerAsync(step, form["choice"], form["account"].ToString(), BrowserBinding.CurrentHash(context), cancellationToken);
        return await pages.RenderAsync(context, answer);
    }
}
