using IdentityBroker.Core.SignIn;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Protocol.Tokens;
using IdentityBroker.Server.Protocol.Validation;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Protocol.Endpoints;

/// <summary>
/// <c>POST /connect/revocation</c> (RFC 7009). The client authenticates as at the token endpoint (§2.1). A refresh token
/// revokes its whole family; an access token's jti goes to the revoked list until it would expire. An unknown, foreign,
/// expired or already revoked token, or another client's token, gets the same HTTP 200 and nothing changes (§2.2: the
/// response must not tell an attacker whether the token existed).
/// </summary>
internal static class RevocationEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapPost(ProtocolRoutes.Revocation, HandleAsync).DisableAntiforgery();

    private static async Task<IResult> HandleAsync(
        HttpContext context, ClientAuthenticator authenticator, TokenInspector inspector, IRefreshTokenStore refreshTokens, IRevokedTokenStore revoked,
        IAuditLog audit, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("IdentityBroker.Protocol.Revocation");
        var read = await RequestParameters.ReadAsync(context.Request, cancellationToken);
        if (read.Valid is not { } form || !HttpMethods.IsPost(context.Request.Method))
        {
            return OAuthErrorResult.ForParameters(read);
        }

        var auth = await authenticator.AuthenticateAsync(context.Request, form, cancellationToken);
        if (auth.Client is not { } client)
        {
            return auth.ToErrorResult();
        }

        if (form.One(ProtocolNames.Parameters.Token) is not { } token)
        {
            return OAuthErrorResult.Create(OAuthErrors.InvalidRequest, "token is missing.");
        }

        var inspected = await inspector.InspectAsync(token, form.One(ProtocolNames.Parameters.TokenTypeHint), cancellationToken);
        if (inspected == InspectedToken.None || inspected.ClientId != client.ClientId)
        {
            TokenLog.RevocationIgnored(logger, client.ClientId, inspected == InspectedToken.None ? "not an active token of ours" : "issued to another client");
            return EmptyNoStore.Instance;
        }

        var now = time.GetUtcNow();
        string kind, subject;
        if (inspected.Refresh is { } refresh)
        {
            var count = await refreshTokens.RevokeFamilyAsync(refresh.FamilyId, now, cancellationToken);
            (kind, subject) = ($"refresh_token family ({count})", refresh.Subject);
        }
        else
        {
            var access = inspected.Access!;
            await revoked.RevokeAsync(access.Id, new DateTimeOffset(DateTime.SpecifyKind(access.ValidTo, DateTimeKind.Utc)), cancellationToken);
            (kind, subject) = (ProtocolNames.TokenTypeHints.AccessToken, access.Subject);
        }

        await audit.RecordAsync(AuditRecord.TokenRevoked(now, inspected.RegionCode, client.ClientId, AuditOutcomes.Revoked, RuleIds.TokenRevocation, subject, kind), cancellationToken);
        TokenLog.TokenRevoked(logger, client.ClientId, kind);
        return EmptyNoStore.Instance;
    }
}
