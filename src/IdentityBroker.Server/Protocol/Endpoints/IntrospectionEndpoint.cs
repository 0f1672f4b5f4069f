using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Protocol.Tokens;
using IdentityBroker.Server.Protocol.Validation;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Protocol.Endpoints;

/// <summary>
/// <c>POST /connect/introspect</c> (RFC 7662), for authenticated confidential clients only (§2.1: the caller must be
/// authorized; public clients cannot keep a credential). Access tokens may be introspected by any confidential client of
/// the token's region (the region's resource servers); refresh tokens only by the client they were issued to (§4). A token
/// is inactive when unknown, foreign, expired, spent, or refused by <see cref="AccessTokenValidator"/> — the same rule as
/// userinfo (revoked jti, session ended, refresh family revoked; issue #10 item 1).
/// </summary>
internal static class IntrospectionEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapPost(ProtocolRoutes.Introspection, HandleAsync).DisableAntiforgery();

    private static async Task<IResult> HandleAsync(
        HttpContext context, ClientAuthenticator authenticator, TokenInspector inspector, IOptions<BrokerOptions> options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var read = await RequestParameters.ReadAsync(context.Request, cancellationToken);
        if (read.Valid is not { } form || !HttpMethods.IsPost(context.Request.Method))
        {
            return OAuthErrorResult.ForParameters(read);
        }

        var auth = await authenticator.AuthenticateAsync(context.Request, form, cancellationToken);
        if (auth.Client is null)
        {
            return auth.ToErrorResult();
        }

        if (auth.Client is not { IsPublic: false } client)
        {
            return OAuthErrorResult.Create(OAuthErrors.InvalidClient, auth.Error ?? "Introspection needs an authenticated confidential client.",
                StatusCodes.Status401Unauthorized, auth.UsedBasic ? "Basic realm=\"IdentityBroker\"" : null);
        }

        if (form.One(ProtocolNames.Parameters.Token) is not { } token)
        {
            return OAuthErrorResult.Create(OAuthErrors.InvalidRequest, "token is missing.");
        }

        var inspected = await inspector.InspectAsync(token, form.One(ProtocolNames.Parameters.TokenTypeHint), cancellationToken);
        if (!client.AllowsRegion(inspected.RegionCode)) // its region; a shared client (R-REGION-2): the regions it serves
        {
            return IntrospectionResponse.Inactive();
        }

        if (inspected.Refresh is { } refresh)
        {
            return refresh.ClientId == client.ClientId ? IntrospectionResponse.ForRefreshToken(refresh, options.Value.Issuer) : IntrospectionResponse.Inactive();
        }

        if (inspected.Access is not { } access)
        {
            return IntrospectionResponse.Inactive();
        }

        // AccessTokenValidator (through the inspector) has applied the one rule: signature, lifetime, revoked jti, session
        // ended, refresh family revoked. A token in the validator's clock-skew allowance is still reported inactive here.
        if (access.ValidTo <= time.GetUtcNow().UtcDateTime)
        {
            return IntrospectionResponse.Inactive();
        }

        return IntrospectionResponse.ForAccessToken(access);
    }
}
