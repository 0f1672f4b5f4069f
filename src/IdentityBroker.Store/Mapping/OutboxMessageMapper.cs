using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Entities;

namespace IdentityBroker.Store.Mapping;

internal static class OutboxMessageMapper
{
    public static OutboxMessage ToRecord(OutboxMessageEntity entity) => new(
        entity.Id,
        entity.Kind,
        entity.Destination,
        entity.ContentType,
        entity.Payload,
        entity.IdempotencyKey,
        entity.Attempts,
        entity.CreatedAt,
        entity.NextAttemptAt,
        entity.DeliveredAt,
        entity.FailedAt,
        entity.LastError);
}
