using IdentityBroker.Server.Protocol.Grants;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Protocol.Validation;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Protocol.Endpoints;

/// <summary>
/// <c>POST /connect/token</c> (RFC 6749 §3.2): reads the form, authenticates the client, and hands the request to the
/// handler of its grant type (<see cref="ITokenGrantHandler"/>, one class per grant under <c>Protocol/Grants</c>).
/// </summary>
internal static class TokenEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapPost(ProtocolRoutes.Token, HandleAsync).DisableAntiforgery();

    private static async Task<IResult> HandleAsync(
        HttpContext context, ClientAuthenticator authenticator, IEnumerable<ITokenGrantHandler> handlers, Dpop.DpopProofValidator dpop, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("IdentityBroker.Protocol.Token");
        var started = System.Diagnostics.Stopwatch.GetTimestamp(); // identity_broker.token.grants / .grant.duration, once the status is known
        string? grantTypeSeen = null;
        context.Response.OnCompleted(() =>
        {
            Telemetry.BrokerMetrics.TokenGrant(grantTypeSeen, context.Response.StatusCode, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            return Task.CompletedTask;
        });
        var read = await RequestParameters.ReadAsync(context.Request, cancellationToken);
        if (read.Valid is not { } form || !HttpMethods.IsPost(context.Request.Method))
        {
            Log.TokenRefused(logger, null, OAuthErrors.InvalidRequest);
            return OAuthErrorResult.ForParameters(read);
        }

        var auth = await authenticator.AuthenticateAsync(context.Request, form, cancellationToken);
        if (auth.Client is not { } client)
        {
            Log.TokenRefused(logger, null, auth.ErrorCode);
            return auth.ToErrorResult();
        }

        var grantType = form.One(OpenIdConnectParameterNames.GrantType);
        grantTypeSeen = grantType;
        var handler = handlers.FirstOrDefault(h => h.GrantType == grantType);
        if (grantType is null || handler is null)
        {
            Log.TokenRefused(logger, client.ClientId, OAuthErrors.UnsupportedGrantType);
            return OAuthErrorResult.Create(grantType is null ? OAuthErrors.InvalidRequest : OAuthErrors.UnsupportedGrantType, "grant_type is missing or not supported.");
        }

        // RFC 9449 §5: a proof binds the tokens to its key; clients registered with RequireDpop must send one
        var proof = await dpop.ValidateAsync(context.Request, ProtocolRoutes.Token, accessToken: null, cancellationToken);
        if (proof.ErrorIfRequired(client.RequireDpop) is { } dpopError)
        {
            Log.TokenRefused(logger, client.ClientId, Dpop.DpopConstants.InvalidDpopProof);
            return OAuthErrorResult.Create(Dpop.DpopConstants.InvalidDpopProof, dpopError);
        }

        return await handler.HandleAsync(new TokenRequest(context, client, form, DpopJkt: proof.Jkt), cancellationToken);
    }
}
