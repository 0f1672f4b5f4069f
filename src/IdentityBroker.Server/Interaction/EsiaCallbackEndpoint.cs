using IdentityBroker.Server.Protocol;

namespace IdentityBroker.Server.Interaction;

/// <summary><c>GET /signin-esia</c>: where ESIA sends the browser back (the redirect_uri registered at ESIA).</summary>
internal static class EsiaCallbackEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet(ProtocolRoutes.EsiaCallback, (HttpContext context, SignInFlow flow, CancellationToken cancellationToken) =>
        {
            var q = context.Request.Query;
            return flow.CompleteAsync(context, new EsiaCallback(q["state"], q["code"], q["error"], q["error_description"]), cancellationToken);
        });
}
