using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Entities;

namespace IdentityBroker.Store.Mapping;

internal static class RefreshTokenMapper
{
    public static RefreshTokenEntity ToEntity(RefreshTokenRecord token) => new()
    {
        TokenHash = token.TokenHash,
        FamilyId = token.FamilyId,
        ClientId = token.ClientId,
        Subject = token.Subject,
        RegionCode = token.RegionCode,
        Scope = token.Scope,
        SessionId = token.SessionId,
        AuthTime = token.AuthTime.ToUniversalTime(),
        Acr = token.Acr,
        Amr = [.. token.Amr],
        DpopJkt = token.DpopJkt,
        CreatedAt = token.CreatedAt.ToUniversalTime(),
        ExpiresAt = token.ExpiresAt.ToUniversalTime(),
    };

    public static RefreshTokenRecord ToRecord(RefreshTokenEntity entity) => new(
        entity.TokenHash,
        entity.FamilyId,
        entity.ClientId,
        entity.Subject,
        entity.RegionCode,
        entity.Scope,
        entity.SessionId,
        entity.AuthTime,
        entity.Acr,
        entity.Amr.AsReadOnly(),
        entity.DpopJkt,
        entity.CreatedAt,
        entity.ExpiresAt);
}
