using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Entities;

namespace IdentityBroker.Store.Mapping;

internal static class AuthorizationCodeMapper
{
    public static AuthorizationCodeEntity ToEntity(AuthorizationCodeGrant grant) => new()
    {
        CodeHash = grant.CodeHash,
        ClientId = grant.ClientId,
        RedirectUri = grant.RedirectUri,
        Subject = grant.Subject,
        RegionCode = grant.RegionCode,
        Scope = grant.Scope,
        Nonce = grant.Nonce,
        CodeChallenge = grant.CodeChallenge,
        CodeChallengeMethod = grant.CodeChallengeMethod,
        SessionId = grant.SessionId,
        AuthTime = grant.AuthTime.ToUniversalTime(),
        Acr = grant.Acr,
        Amr = [.. grant.Amr],
        CreatedAt = grant.CreatedAt.ToUniversalTime(),
        ExpiresAt = grant.ExpiresAt.ToUniversalTime(),
        ConsumedAt = null,
        DpopJkt = grant.DpopJkt,
    };

    public static AuthorizationCodeGrant ToRecord(AuthorizationCodeEntity entity) => new(
        entity.CodeHash,
        entity.ClientId,
        entity.RedirectUri,
        entity.Subject,
        entity.RegionCode,
        entity.Scope,
        entity.Nonce,
        entity.CodeChallenge,
        entity.CodeChallengeMethod,
        entity.SessionId,
        entity.AuthTime,
        entity.Acr,
        entity.Amr.AsReadOnly(),
        entity.CreatedAt,
        entity.ExpiresAt,
        entity.DpopJkt);

    /// <summary>What the first redemption issued, or null when nothing was recorded.</summary>
    public static IssuedFromCode? ToIssued(AuthorizationCodeEntity entity) =>
        entity is { IssuedAccessTokenJti: { } jti, IssuedAccessTokenExpiresAt: { } expiresAt }
            ? new IssuedFromCode(jti, expiresAt, entity.IssuedRefreshFamilyId)
            : null;
}
