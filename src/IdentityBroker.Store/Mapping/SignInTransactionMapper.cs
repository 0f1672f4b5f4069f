using System.Text.Json;
using IdentityBroker.Core.Interaction;
using IdentityBroker.Core.Protocol;
using IdentityBroker.Store.Entities;

namespace IdentityBroker.Store.Mapping;

internal static class SignInTransactionMapper
{
    public static SignInTransactionEntity ToEntity(SignInTransaction transaction) => new()
    {
        Id = transaction.Id,
        BrowserBindingHash = transaction.BrowserBindingHash,
        Request = JsonSerializer.Serialize(transaction.Request, StoreJson.Options),
        Step = SignInSteps.Name(transaction.Step),
        Version = transaction.Version,
        Progress = transaction.Progress,
        CreatedAt = transaction.CreatedAt.ToUniversalTime(),
        ExpiresAt = transaction.ExpiresAt.ToUniversalTime(),
    };

    /// <summary>The record of a row; null for a step this release does not know (a newer release's row: treated as unknown).</summary>
    public static SignInTransaction? ToRecord(SignInTransactionEntity entity) => SignInSteps.Parse(entity.Step) is not { } step
        ? null
        : new(
            entity.Id,
            entity.BrowserBindingHash,
            JsonSerializer.Deserialize<AuthorizationRequest>(entity.Request, StoreJson.Options)
                ?? throw new InvalidOperationException("pending_sign_ins.request is null"),
            step,
            entity.Version,
            entity.Progress,
            entity.CreatedAt,
            entity.ExpiresAt);
}
