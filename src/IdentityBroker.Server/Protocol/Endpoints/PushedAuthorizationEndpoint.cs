using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Protocol.Dpop;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Protocol.Validation;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Protocol.Endpoints;

/// <summary>
/// <c>POST /connect/par</c>, pushed authorization requests (RFC 9126 §2): the client authenticates as at the token endpoint,
/// the parameters get the checks of <c>/connect/authorize</c>, and the request is kept for 60 s under a one-time
/// <c>request_uri</c>. A DPoP proof or <c>dpop_jkt</c> here binds the authorization code to that key (RFC 9449 §10).
/// Errors are JSON (RFC 9126 §2.3), never redirects.
/// </summary>
internal static class PushedAuthorizationEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapPost(ProtocolRoutes.PushedAuthorization, HandleAsync).DisableAntiforgery();

    private static async Task<IResult> HandleAsync(
        HttpContext context, ClientAuthenticator authenticator, AuthorizeRequestValidator validator, DpopProofValidator dpop,
        IPushedRequestStore store, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("IdentityBroker.Protocol.PushedAuthorization");
        var read = await RequestParameters.ReadAsync(context.Request, cancellationToken);
        if (read.Valid is not { } form || !HttpMethods.IsPost(context.Request.Method))
        {
            DpopLog.PushedRequestRefused(logger, null, OAuthErrors.InvalidRequest);
            return OAuthErrorResult.ForParameters(read);
        }

        // RFC 9126 §2.1: client authentication as at the token endpoint
        var auth = await authenticator.AuthenticateAsync(context.Request, form, cancellationToken);
        if (auth.Client is not { } client)
        {
            DpopLog.PushedRequestRefused(logger, null, auth.ErrorCode);
            return auth.ToErrorResult();
        }

        var validated = validator.ValidateFor(client, form, pushed: true);
        if (validated is not AuthorizeValid { Request: var request })
        {
            var (error, description) = validated switch
            {
                AuthorizeFatalError f => (f.Error, f.Description),
                AuthorizeRedirectError r => (r.Error, r.Description),
                _ => (OAuthErrors.InvalidRequest, "Invalid request."),
            };
            DpopLog.PushedRequestRefused(logger, client.ClientId, error);
            return OAuthErrorResult.Create(error, description);
        }

        // RFC 9449 §10: a proof at PAR binds the code to its key; with dpop_jkt as well, both must name the same key (§10.1)
        var proof = await dpop.ValidateAsync(context.Request, ProtocolRoutes.PushedAuthorization, accessToken: null, cancellationToken);
        var jkt = proof.Jkt ?? request.DpopJkt;
        var dpopError = proof.Error ?? (proof.Jkt is not null && request.DpopJkt is not null && proof.Jkt != request.DpopJkt
            ? "dpop_jkt does not match the key of the DPoP proof."
            : null);
        if (dpopError is not null)
        {
            DpopLog.PushedRequestRefused(logger, client.ClientId, DpopConstants.InvalidDpopProof);
            return OAuthErrorResult.Create(DpopConstants.InvalidDpopProof, dpopError);
        }

        var requestUri = PushedRequestUri.New();
        var lifetime = PushedRequestUri.Lifetime;
        await store.SaveAsync(PushedRequestUri.Hash(requestUri)!, request with { DpopJkt = jkt }, jkt, time.GetUtcNow() + lifetime, cancellationToken);
        DpopLog.PushedRequestStored(logger, client.ClientId, jkt is not null);

        // RFC 9126 §2.2: 201 with request_uri and expires_in
        return new JsonNoStore(
            new Dictionary<string, object> { [OpenIdConnectParameterNames.RequestUri] = requestUri, [OpenIdConnectParameterNames.ExpiresIn] = (int)lifetime.TotalSeconds },
            StatusCodes.Status201Created);
    }
}
