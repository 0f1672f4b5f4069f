using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Protocol.Tokens;
using IdentityBroker.Server.Protocol.Validation;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Protocol.Endpoints;

/// <summary>
/// <c>POST /connect/introspect</c> (RFC 7662), for authenticated confidential clients only (§2.1: the caller must be
/// authorized; public clients cannot keep a credential). Access tokens may be introspected by any confidential client of
/// the token's region (the region's resource servers); refresh tokens only by the client they were issued to (§4). A token
/// is inactive when unknown, foreign, expired, spent, revoked (its jti is in <see cref="IRevokedTokenStore"/>) or when the
/// broker session (<c>sid</c>) it belongs to has been ended (see <see cref="SessionEndedAsync"/>).
/// </summary>
internal static class IntrospectionEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapPost(ProtocolRoutes.Introspection, HandleAsync).DisableAntiforgery();

    private static async Task<IResult> HandleAsync(
        HttpContext context, ClientAuthenticator authenticator, TokenInspector inspector, IRevokedTokenStore revoked, ISessionStore sessions,
        IOptions<BrokerOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var form = await RequestParameters.ReadAsync(context.Request, cancellationToken);
        if (form is null || !HttpMethods.IsPost(context.Request.Method))
        {
            return OAuthErrorResult.Create(OAuthErrors.InvalidRequest, "POST application/x-www-form-urlencoded is required.");
        }

        var auth = await authenticator.AuthenticateAsync(context.Request, form, cancellationToken);
        if (auth.Client is not { IsPublic: false } client)
        {
            return OAuthErrorResult.Create(OAuthErrors.InvalidClient, auth.Error ?? "Introspection needs an authenticated confidential client.",
                StatusCodes.Status401Unauthorized, auth.UsedBasic ? "Basic realm=\"IdentityBroker\"" : null);
        }

        if (form.One("token") is not { } token)
        {
            return OAuthErrorResult.Create(OAuthErrors.InvalidRequest, "token is missing.");
        }

        var inspected = await inspector.InspectAsync(token, form.One("token_type_hint"), cancellationToken);
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

        var now = time.GetUtcNow();
        if (access.ValidTo <= now.UtcDateTime || await revoked.IsRevokedAsync(access.Id, cancellationToken))
        {
            return IntrospectionResponse.Inactive();
        }

        if (await SessionEndedAsync(access, sessions, options.Value.SessionLifetime, now, cancellationToken))
        {
            return IntrospectionResponse.Inactive();
        }

        return IntrospectionResponse.ForAccessToken(access);
    }

    /// <summary>
    /// A user token dies with its broker session when the session is ended (logout, back-channel logout, consent withdrawn)
    /// — not when it merely runs out: offline access (OIDC Core §11) outlives the browser session, and the store deletes
    /// expired sessions. So the check applies while the session can still be alive (before auth_time + SessionLifetime;
    /// the session was created at or after auth_time), and asks whether the session, live when the token was issued, has
    /// since been ended or removed. Logout revokes the refresh tokens in the same transaction, so no token is minted later.
    /// </summary>
    private static async Task<bool> SessionEndedAsync(
        Microsoft.IdentityModel.JsonWebTokens.JsonWebToken access, ISessionStore sessions, TimeSpan sessionLifetime, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!access.TryGetPayloadValue<string>("sid", out var sid) || string.IsNullOrEmpty(sid))
        {
            return false; // client_credentials: no session
        }

        if (access.TryGetPayloadValue<long>("auth_time", out var authTime) && now >= DateTimeOffset.FromUnixTimeSeconds(authTime) + sessionLifetime)
        {
            return false;
        }

        var issuedAt = new DateTimeOffset(DateTime.SpecifyKind(access.IssuedAt, DateTimeKind.Utc));
        return await sessions.FindActiveAsync(sid, issuedAt, cancellationToken) is null;
    }
}
