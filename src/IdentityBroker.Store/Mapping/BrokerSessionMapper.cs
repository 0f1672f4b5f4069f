using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Entities;

namespace IdentityBroker.Store.Mapping;

internal static class BrokerSessionMapper
{
    public static BrokerSessionEntity ToEntity(BrokerSessionRecord session) => new()
    {
        SessionId = session.SessionId,
        RegionCode = session.RegionCode,
        Subject = session.Subject,
        EsiaSubjectHash = session.EsiaSubjectHash,
        AuthTime = session.AuthTime.ToUniversalTime(),
        Acr = session.Acr,
        Amr = [.. session.Amr],
        CreatedAt = session.CreatedAt.ToUniversalTime(),
        ExpiresAt = session.ExpiresAt.ToUniversalTime(),
        EndedAt = session.EndedAt?.ToUniversalTime(),
    };

    public static BrokerSessionRecord ToRecord(BrokerSessionEntity entity) => new(
        entity.SessionId,
        entity.RegionCode,
        entity.Subject,
        entity.EsiaSubjectHash,
        entity.AuthTime,
        entity.Acr,
        entity.Amr.AsReadOnly(),
        entity.CreatedAt,
        entity.ExpiresAt,
        entity.EndedAt);
}
