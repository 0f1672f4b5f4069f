using System.Text.Json;
using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Entities;

namespace IdentityBroker.Store.Mapping;

internal static class PendingSignInMapper
{
    public static PendingSignInEntity ToEntity(PendingSignIn pending) => new()
    {
        EsiaState = pending.EsiaState,
        BrowserBindingHash = pending.BrowserBindingHash,
        Request = JsonSerializer.Serialize(pending.Request, StoreJson.Options),
        CreatedAt = pending.CreatedAt.ToUniversalTime(),
        ExpiresAt = pending.ExpiresAt.ToUniversalTime(),
    };

    public static PendingSignIn ToRecord(PendingSignInEntity entity) => new(
        entity.EsiaState,
        entity.BrowserBindingHash,
        JsonSerializer.Deserialize<AuthorizationRequest>(entity.Request, StoreJson.Options)
            ?? throw new InvalidOperationException("pending_sign_ins.request is null"),
        entity.CreatedAt,
        entity.ExpiresAt);
}
