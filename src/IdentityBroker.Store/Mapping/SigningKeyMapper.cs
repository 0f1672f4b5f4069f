using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Entities;

namespace IdentityBroker.Store.Mapping;

internal static class SigningKeyMapper
{
    public static SigningKeyEntity ToEntity(SigningKeyRecord record) => new()
    {
        KeyId = record.KeyId,
        Algorithm = record.Algorithm,
        PublicJwk = record.PublicJwk,
        ProtectedPrivateKey = record.ProtectedPrivateKey.ToArray(),
        CreatedAt = record.CreatedAt.ToUniversalTime(),
        ActivatesAt = record.ActivatesAt.ToUniversalTime(),
        RetiresAt = record.RetiresAt.ToUniversalTime(),
        ExpiresAt = record.ExpiresAt.ToUniversalTime(),
    };

    public static SigningKeyRecord ToRecord(SigningKeyEntity entity) => new(
        entity.KeyId,
        entity.Algorithm,
        entity.PublicJwk,
        entity.ProtectedPrivateKey,
        entity.CreatedAt,
        entity.ActivatesAt,
        entity.RetiresAt,
        entity.ExpiresAt);
}
