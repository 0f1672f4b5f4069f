using IdentityBroker.Core.SignIn;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Protocol.Tokens;

namespace IdentityBroker.Server.Protocol.Grants;

/// <summary>
/// RFC 6749 §4.1.2 / RFC 9700 §4.5: when a code is used twice, the authorization server SHOULD revoke the tokens issued
/// from it. The access token's jti goes to the revoked list (introspection answers inactive) and the refresh family is revoked.
/// </summary>
internal sealed class CodeReplayRevoker(IRevokedTokenStore revoked, IRefreshTokenStore refreshTokens, IAuditLog audit, ILogger<CodeReplayRevoker> logger)
{
    public async Task RevokeAsync(AuthorizationCodeGrant grant, IssuedFromCode? issued, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (issued is null)
        {
            return; // the first redemption failed, or has not recorded what it issued yet
        }

        await revoked.RevokeAsync(issued.AccessTokenJti, issued.AccessTokenExpiresAt, cancellationToken);
        var count = issued.RefreshFamilyId is { } family ? await refreshTokens.RevokeFamilyAsync(family, now, cancellationToken) : 0;
        await audit.RecordAsync(AuditRecord.TokenRevoked(now, grant.RegionCode, grant.ClientId, AuditOutcomes.CodeReplay, RuleIds.CodeReplay, grant.Subject, $"access token and {count} refresh tokens"), cancellationToken);
        TokenLog.CodeReplayRevoked(logger, grant.ClientId, count);
    }
}
