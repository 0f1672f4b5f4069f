using IdentityBroker.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>
/// Inserts outbox rows through the caller's <see cref="BrokerDbContext"/>, so they commit or roll back with the caller's
/// own transaction (sessions now, consents later). One statement for the whole batch.
/// </summary>
internal static class OutboxWriter
{
    /// <summary>
    /// Inserts <paramref name="messages"/> (their <see cref="OutboxMessage.Id"/>, delivery and failure fields are ignored).
    /// With <paramref name="ignoreDuplicateKeys"/> a message whose idempotency key is already stored is skipped; without
    /// it, a duplicate key fails the statement (a <c>unique_violation</c> <see cref="Npgsql.PostgresException"/>), and with
    /// it the caller's transaction. Returns how many rows were inserted.
    /// </summary>
    public static Task<int> InsertAsync(BrokerDbContext db, IReadOnlyList<OutboxMessage> messages, bool ignoreDuplicateKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return Task.FromResult(0);
        }

        var kinds = messages.Select(m => m.Kind).ToArray();
        var destinations = messages.Select(m => m.Destination).ToArray();
        var contentTypes = messages.Select(m => m.ContentType).ToArray();
        var payloads = messages.Select(m => m.Payload).ToArray();
        var keys = messages.Select(m => m.IdempotencyKey).ToArray();
        var attempts = messages.Select(m => m.Attempts).ToArray();
        var createdAt = messages.Select(m => m.CreatedAt.ToUniversalTime()).ToArray();
        var nextAttemptAt = messages.Select(m => m.NextAttemptAt.ToUniversalTime()).ToArray();
        return ignoreDuplicateKeys
            ? db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO broker.outbox_messages (kind, destination, content_type, payload, idempotency_key, attempts, created_at, next_attempt_at)
                SELECT * FROM unnest({kinds}::text[], {destinations}::text[], {contentTypes}::text[], {payloads}::text[], {keys}::text[],
                                     {attempts}::integer[], {createdAt}::timestamptz[], {nextAttemptAt}::timestamptz[])
                ON CONFLICT (idempotency_key) DO NOTHING
                """,
                cancellationToken)
            : db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO broker.outbox_messages (kind, destination, content_type, payload, idempotency_key, attempts, created_at, next_attempt_at)
                SELECT * FROM unnest({kinds}::text[], {destinations}::text[], {contentTypes}::text[], {payloads}::text[], {keys}::text[],
                                     {attempts}::integer[], {createdAt}::timestamptz[], {nextAttemptAt}::timestamptz[])
                """,
                cancellationToken);
    }
}
