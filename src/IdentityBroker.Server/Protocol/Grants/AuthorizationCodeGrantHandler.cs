using IdentityBroker.Core.SignIn.Rules;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Protocol.Tokens;
using IdentityBroker.Server.Protocol.Validation;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Protocol.Grants;

/// <summary>
/// authorization_code (RFC 6749 §4.1.3, OIDC Core §3.1.3): the code is consumed in one SQL statement and must be bound to
/// the client, the redirect URI, the PKCE challenge and, if bound, the DPoP key (RFC 9449 §10.1). What a redemption issues
/// is recorded before the response leaves, so a replayed code revokes it (RFC 6749 §4.1.2; conformance
/// oidcc-codereuse-30seconds). A refresh token comes with offline_access (OIDC Core §11).
/// </summary>
internal sealed class AuthorizationCodeGrantHandler(
    IAuthorizationCodeStore codes, IDiaryDirectory directory, TokenFactory tokens, RefreshTokenIssuer refreshTokens,
    CodeReplayRevoker replays, IAuditLog audit, TimeProvider time, ILogger<AuthorizationCodeGrantHandler> logger)
    : ITokenGrantHandler
{
    /// <summary>How long a redeemed code stays recognisable at least (beyond the access token's lifetime).</summary>
    private static readonly TimeSpan MinimumReplayMemory = TimeSpan.FromHours(1);

    public string GrantType => OpenIdConnectGrantTypes.AuthorizationCode;

    public async Task<IResult> HandleAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var client = request.Client;
        if (!client.GrantTypes.Contains(GrantType))
        {
            Log.TokenRefused(logger, client.ClientId, OAuthErrors.UnauthorizedClient);
            return OAuthErrorResult.Create(OAuthErrors.UnauthorizedClient, "The client is not registered for the authorization_code grant.");
        }

        if (request.Form.One(OpenIdConnectParameterNames.Code) is not { } code)
        {
            return OAuthErrorResult.Create(OAuthErrors.InvalidRequest, "code is missing.");
        }

        var now = time.GetUtcNow();
        var codeHash = OpaqueHandle.Hash(code);
        if (await TryRedeemAsync(request, codeHash, now, cancellationToken) is { } issuedNow)
        {
            return issuedNow;
        }

        // the general path: every refusal and replay (nothing was written above)
        var consumed = await codes.ConsumeAsync(codeHash, now, cancellationToken);
        if (consumed.Status == CodeConsumeStatus.AlreadyConsumed && consumed.Grant is { } replayed)
        {
            Log.CodeReplayed(logger, client.ClientId, replayed.Subject);
            await audit.RecordAsync(AuditRecord.CodeReplayed(now, replayed.RegionCode, client.ClientId, OAuthErrors.InvalidGrant, replayed.Subject), cancellationToken);
            await replays.RevokeAsync(replayed, consumed.Issued, now, cancellationToken);
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

        // R-MATCH-8: an account the sign-in would refuse (deactivated, no school left) gets no tokens either
        if (await directory.GetAsync(grant.RegionCode, grant.Subject, cancellationToken) is not { } account || !AccountStatusRule.IsUsable(account))
        {
            return OAuthErrorResult.Create(OAuthErrors.InvalidGrant, "The diary account no longer exists or can no longer be signed into.");
        }

        var context = UserTokenContext.From(grant);
        var plan = tokens.Plan(client, request.DpopJkt);

        // the refresh family exists before the redemption is recorded, so a replay from then on revokes all of it
        var familyId = RefreshTokenIssuer.Applies(client, context.Scopes) ? RefreshTokenIssuer.NewFamilyId() : null;
        var refreshToken = familyId is null ? null : await refreshTokens.StartFamilyAsync(context, client, familyId, request.DpopJkt, now, cancellationToken);
        var keepUntil = plan.ExpiresAt > now + MinimumReplayMemory ? plan.ExpiresAt : now + MinimumReplayMemory;
        await codes.RecordIssuedAsync(codeHash, plan.Jti, plan.ExpiresAt, familyId, keepUntil, cancellationToken);

        var issued = await tokens.CreateAsync(context with { RefreshFamilyId = familyId }, account, plan, cancellationToken) with { RefreshToken = refreshToken };
        await audit.RecordAsync(AuditRecord.TokenIssued(now, grant.RegionCode, client.ClientId, grant.Subject, Detail(refreshToken)), cancellationToken);
        Log.TokensIssued(logger, client.ClientId, grant.Subject, GrantType);
        return TokenResponse.From(issued);
    }

    /// <summary>
    /// The happy path in one statement and one commit (issue #11): the code is consumed only if every binding holds and
    /// the account is usable; the redemption's record (jti, expiry, refresh family), the family's first refresh token,
    /// the audit record and the account come from the same statement. Null when nothing was consumed.
    /// </summary>
    private async Task<IResult?> TryRedeemAsync(TokenRequest request, string codeHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var client = request.Client;
        var verifier = request.Form.One(ProtocolNames.Parameters.CodeVerifier);
        if (request.Form.One(OpenIdConnectParameterNames.RedirectUri) is not { } redirectUri || (verifier is not null && Pkce.ChallengeOf(verifier) is null))
        {
            return null; // refused by the general path, after consuming the code as before
        }

        var plan = tokens.Plan(client, request.DpopJkt);
        var keepUntil = plan.ExpiresAt > now + MinimumReplayMemory ? plan.ExpiresAt : now + MinimumReplayMemory;
        var refreshHandle = OpaqueHandle.New();
        var redemption = new CodeRedemption(
            codeHash, now, client.ClientId, redirectUri, verifier is null ? null : Pkce.ChallengeOf(verifier), request.DpopJkt,
            plan.Jti, plan.ExpiresAt, keepUntil, client.GrantTypes.Contains(RefreshTokenIssuer.GrantType), RefreshTokenIssuer.NewFamilyId(),
            OpaqueHandle.Hash(refreshHandle), client.IsPublic ? request.DpopJkt : null, client.RefreshTokenLifetime,
            Detail(null), Detail(refreshHandle));
        if (await codes.TryRedeemAsync(redemption, cancellationToken) is not { } redeemed)
        {
            return null;
        }

        var context = UserTokenContext.From(redeemed.Grant) with { RefreshFamilyId = redeemed.RefreshFamilyId };
        var issued = await tokens.CreateAsync(context, redeemed.Account, plan, cancellationToken) with { RefreshToken = redeemed.RefreshFamilyId is null ? null : refreshHandle };
        Log.TokensIssued(logger, client.ClientId, redeemed.Grant.Subject, GrantType);
        return TokenResponse.From(issued);
    }

    private string Detail(string? refreshToken) => refreshToken is null ? GrantType : GrantType + "+refresh_token";

    /// <summary>Binding of the code to client, redirect URI, PKCE and DPoP key (RFC 6749 §4.1.3, RFC 7636 §4.6, RFC 9449 §10.1).</summary>
    private static string? Check(AuthorizationCodeGrant grant, TokenRequest request)
    {
        if (grant.ClientId != request.Client.ClientId)
        {
            return "The authorization code was issued to another client.";
        }

        if (request.Form.One(OpenIdConnectParameterNames.RedirectUri) != grant.RedirectUri)
        {
            return "redirect_uri does not match the authorization request.";
        }

        if (grant.DpopJkt is not null && !string.Equals(grant.DpopJkt, request.DpopJkt, StringComparison.Ordinal))
        {
            return "The authorization code is bound to a DPoP key; send a DPoP proof made with that key.";
        }

        var verifier = request.Form.One(ProtocolNames.Parameters.CodeVerifier);
        if (grant.CodeChallenge is null)
        {
            return verifier is null ? null : "code_verifier sent, but the authorization request had no code_challenge.";
        }

        return Pkce.Verify(verifier, grant.CodeChallenge) ? null : "code_verifier does not match the code_challenge.";
    }
}
