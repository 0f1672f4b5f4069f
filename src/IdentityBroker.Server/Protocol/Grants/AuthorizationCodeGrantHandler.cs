using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Protocol.Tokens;
using IdentityBroker.Server.Protocol.Validation;

namespace IdentityBroker.Server.Protocol.Grants;

/// <summary>
/// authorization_code (RFC 6749 §4.1.3, OIDC Core §3.1.3): the code is consumed in one SQL statement and must be bound to
/// the client, the redirect URI and the PKCE challenge; a replayed code is refused and audited.
/// </summary>
internal sealed class AuthorizationCodeGrantHandler(
    IAuthorizationCodeStore codes, IDiaryDirectory directory, TokenFactory tokens, IAuditLog audit, TimeProvider time, ILogger<AuthorizationCodeGrantHandler> logger)
    : ITokenGrantHandler
{
    public string GrantType => "authorization_code";

    public async Task<IResult> HandleAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var client = request.Client;
        if (request.Form.One("code") is not { } code)
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

        if (Check(grant, request) is { } problem)
        {
            Log.TokenRefused(logger, client.ClientId, OAuthErrors.InvalidGrant);
            return OAuthErrorResult.Create(OAuthErrors.InvalidGrant, problem);
        }

        if (await directory.GetAsync(grant.RegionCode, grant.Subject, cancellationToken) is not { } account)
        {
            return OAuthErrorResult.Create(OAuthErrors.InvalidGrant, "The diary account no longer exists.");
        }

        var issued = await tokens.CreateAsync(grant, account, cancellationToken);
        await audit.RecordAsync(new AuditRecord(now, AuditEventTypes.TokenIssued, grant.RegionCode, client.ClientId, "success", null, grant.Subject, null, null, GrantType), cancellationToken);
        Log.TokensIssued(logger, client.ClientId, grant.Subject, GrantType);
        return TokenResponse.From(issued);
    }

    /// <summary>Binding of the code to client, redirect URI and PKCE (RFC 6749 §4.1.3, RFC 7636 §4.6).</summary>
    private static string? Check(AuthorizationCodeGrant grant, TokenRequest request)
    {
        if (grant.ClientId != request.Client.ClientId)
        {
            return "The authorization code was issued to another client.";
        }

        if (request.Form.One("redirect_uri") != grant.RedirectUri)
        {
            return "redirect_uri does not match the authorization request.";
        }

        var verifier = request.Form.One("code_verifier");
        if (grant.CodeChallenge is null)
        {
            return verifier is null ? null : "code_verifier sent, but the authorization request had no code_challenge.";
        }

        return Pkce.Verify(verifier, grant.CodeChallenge) ? null : "code_verifier does not match the code_challenge.";
    }
}
