using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>
/// PostgreSQL <see cref="IOutbox"/>. Claiming is one statement: a CTE picks due rows <c>FOR UPDATE SKIP LOCKED</c> and the
/// <c>UPDATE</c> pushes their next attempt to the end of the lease and counts the attempt, so a concurrent claimer skips
/// them and a replica that dies mid-delivery only delays them until the lease ends.
/// </summary>
internal sealed class Outbox(IDbContextFactory<BrokerDbContext> contextFactory) : IOutbox
{
    /// <summary>Longer errors are cut (the column is for operators, not for whole response bodies).</summary>
    internal const int MaxErrorLength = 2000;

    public async Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await OutboxWriter.InsertAsync(db, messages, ignoreDuplicateKeys: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var utcNow = now.ToUniversalTime();
        var leaseEnd = utcNow + lease;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.OutboxMessages
            .FromSql($"""
                WITH due AS (
                    SELECT id FROM broker.outbox_messages
                    WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= {utcNow}
                    ORDER BY next_attempt_at, id
                    LIMIT {max}
                    FOR UPDATE SKIP LOCKED)
                UPDATE broker.outbox_messages AS m
                SET next_attempt_at = {leaseEnd}, attempts = m.attempts + 1
                FROM due
                WHERE m.id = due.id
                RETURNING m.*
                """)
            .AsNoTracking()
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Select(OutboxMessageMapper.ToRecord).ToList().AsReadOnly();
    }

    public async Task MarkDeliveredAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var utcNow = now.ToUniversalTime();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.OutboxMessages
            .Where(m => m.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.DeliveredAt, utcNow).SetProperty(m => m.LastError, (string?)null), cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task MarkFailedAsync(long id, string error, DateTimeOffset now, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        var utcNow = now.ToUniversalTime();
        var lastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.OutboxMessages.Where(m => m.Id == id);
        if (nextAttemptAt is { } next)
        {
            var utcNext = next.ToUniversalTime();
            await query.ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, utcNext).SetProperty(m => m.LastError, lastError), cancellationToken)
                .ConfigureAwait(false);
        }
        else
        {
            await query.ExecuteUpdateAsync(s => s.SetProperty(m => m.FailedAt, utcNow).SetProperty(m => m.LastError, lastError), cancellationToken)
                .ConfigureAwait(false);
        }
    }
}
