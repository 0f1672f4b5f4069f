using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Protocol.Tokens;
using IdentityBroker.Server.Protocol.Validation;
using IdentityBroker.Server.Regions;

namespace IdentityBroker.Server.Protocol.Endpoints;

/// <summary>
/// <c>POST /connect/token</c> (RFC 6749 §4.1.3, OIDC Core §3.1.3): the authorization_code grant. The code is consumed in
/// one SQL statement, bound to the client, the redirect URI and the PKCE challenge; a replayed code is refused and audited.
/// </summary>
internal static class TokenEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapPost(ProtocolRoutes.Token, HandleAsync).DisableAntiforgery();

    private static async Task<IResult> HandleAsync(
        HttpContext context, ClientAuthenticator authenticator, IAuthorizationCodeStore codes, IDiaryDirectory directory,
        TokenFactory tokens, IAuditLog audit, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("IdentityBroker.Protocol.Token");
        var form = await RequestParameters.ReadAsync(context.Request, cancellationToken);
        if (form is null || !HttpMethods.IsPost(context.Request.Method))
        {
            return OAuthErrorResult.Create(OAuthErrors.InvalidRequest, "POST application/x-www-form-urlencoded is required.");
        }

        var auth = authenticator.Authenticate(context.Request, form);
        if (auth.Client is not { } client)
        {
            Log.TokenRefused(logger, null, OAuthErrors.InvalidClient);
            return OAuthErrorResult.Create(OAuthErrors.InvalidClient, auth.Error!, StatusCodes.Status401Unauthorized, auth.UsedBasic ? "Basic realm=\"IdentityBroker\"" : null);
        }

        var grantType = form.One("grant_type");
        if (grantType != "authorization_code")
        {
            Log.TokenRefused(logger, client.ClientId, OAuthErrors.UnsupportedGrantType);
            return OAuthErrorResult.Create(grantType is null ? OAuthErrors.InvalidRequest : OAuthErrors.UnsupportedGrantType, "grant_type must be authorization_code.");
        }

        if (form.One("code") is not { } code)
        {
            return OAuthErrorResult.Create(OAuthErrors.InvalidRequest, "code is missing.");
        }

        var now = time.GetUtcNow();
        var consumed = await codes.ConsumeAsync(OpaqueHandle.Hash(code), now, cancellationToken);
        if (consumed.Status == CodeConsumeStatus.AlreadyConsumed && consumed.Grant is { } replayed)
        {
            Log.CodeReplayed(logger, client.ClientId, replayed.Subject);
            await audit.RecordAsync(new AuditRecord(now, AuditEventTypes.CodeReplay, replayed.RegionCode, client.ClientId, OAuthErrors.InvalidGrant, "RFC6749-4.1.2", replayed.Subject, null, null, null), cancellationToken);
        }

        if (consumed is not { Status: CodeConsumeStatus.Consumed, Grant: { } grant })
        {
            Log.TokenRefused(logger, client.ClientId, OAuthErrors.InvalidGrant);
            return OAuthErrorResult.Create(OAuthErrors.InvalidGrant, "The authorization code is invalid, expired or already used.");
        }

        if (Check(grant, client, form) is { } problem)
        {
            Log.TokenRefused(logger, client.ClientId, OAuthErrors.InvalidGrant);
            return OAuthErrorResult.Create(OAuthErrors.InvalidGrant, problem);
        }

        if (await directory.GetAsync(grant.RegionCode, grant.Subject, cancellationToken) is not { } account)
        {
            return OAuthErrorResult.Create(OAuthErrors.InvalidGrant, "The diary account no longer exists.");
        }

        var issued = await tokens.CreateAsync(grant, account, cancellationToken);
        await audit.RecordAsync(new AuditRecord(now, AuditEventTypes.TokenIssued, grant.RegionCode, client.ClientId, "success", null, grant.Subject, null, null, "authorization_code"), cancellationToken);
        Log.TokensIssued(logger, client.ClientId, grant.Subject, "authorization_code");
        return new JsonNoStore(new Dictionary<string, object>
        {
            ["access_token"] = issued.AccessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = issued.ExpiresIn,
            ["id_token"] = issued.IdToken,
            ["scope"] = issued.Scope,
        });
    }

    /// <summary>Binding of the code to client, redirect URI and PKCE (RFC 6749 §4.1.3, RFC 7636 §4.6).</summary>
    private static string? Check(AuthorizationCodeGrant grant, RegisteredClient client, IReadOnlyDictionary<string, string[]> form)
    {
        if (grant.ClientId != client.ClientId)
        {
            return "The authorization code was issued to another client.";
        }

        if (form.One("redirect_uri") != grant.RedirectUri)
        {
            return "redirect_uri does not match the authorization request.";
        }

        var verifier = form.One("code_verifier");
        if (grant.CodeChallenge is null)
        {
            return verifier is null ? null : "code_verifier sent, but the authorization request had no code_challenge.";
        }

        return Pkce.Verify(verifier, grant.CodeChallenge) ? null : "code_verifier does not match the code_challenge.";
    }
}
