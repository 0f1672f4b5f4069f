using IdentityBroker.Server.Protocol;

namespace IdentityBroker.Server.Interaction;

/// <summary><c>GET /signin-esia</c>: where ESIA sends the browser back (the redirect_uri registered at ESIA).</summary>
internal static class EsiaCallbackEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet(ProtocolRoutes.EsiaCallback, async (HttpContext context, SignInInteraction interaction, SignInPages pages, CancellationToken cancellationToken) =>
        {
            using var span = Telemetry.BrokerTelemetry.Source.StartActivity("sign_in.callback"); // spans carry codes only, never the person
            var q = context.Request.Query;
            var callback = new EsiaCallback(q["state"], q["code"], q["error"], q["error_description"]);
            return await pages.RenderAsync(context, await interaction.CallbackAsync(callback, BrowserBinding.CurrentHash(context), cancellationToken));
        });
}
