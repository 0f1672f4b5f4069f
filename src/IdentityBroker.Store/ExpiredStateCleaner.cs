using IdentityBroker.Store.Stores;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store;

/// <summary>
/// Deletes operational state that can no longer be used: pending sign-ins, PAR requests, replay entries and revoked
/// access-token ids past their expiry; authorization codes past their expiry and their keep-until (a consumed code is
/// kept so replays are recognised and what it issued can be revoked); refresh tokens and broker sessions (with their
/// clients) past their expiry; delivered outbox messages after <see cref="DeliveredOutboxRetention"/> and dead letters
/// after <see cref="FailedOutboxRetention"/>. It also clears the successor handles kept for the refresh grace window once
/// the token was used more than <see cref="SuccessorHandleRetention"/> ago. Meant to be called periodically by a hosted
/// service on every replica: a transaction-level advisory lock (<see cref="AdvisoryLocks.Cleanup"/>) lets one replica
/// clean at a time and the others skip (STYLE.md §9). Audit records are deleted separately, in batches, once older than the
/// configured retention period (<see cref="DeleteExpiredAuditRecordsAsync"/>), and so are the directory sync batch records
/// kept for idempotency (<see cref="DeleteExpiredDirectorySyncBatchesAsync"/>).
/// </summary>
public sealed class ExpiredStateCleaner(IDbContextFactory<BrokerDbContext> contextFactory)
{
    /// <summary>How long the encrypted successor handle of a used refresh token is kept (far longer than any grace window).</summary>
    public static readonly TimeSpan SuccessorHandleRetention = TimeSpan.FromHours(1);

    /// <summary>How long a delivered outbox message is kept (for operators tracing a delivery).</summary>
    public static readonly TimeSpan DeliveredOutboxRetention = TimeSpan.FromDays(7);

    /// <summary>How long a dead-lettered outbox message is kept for operators.</summary>
    public static readonly TimeSpan FailedOutboxRetention = TimeSpan.FromDays(30);

    /// <summary>Audit records deleted per statement (each batch is its own short transaction).</summary>
    public const int AuditBatchSize = 1000;

    /// <summary>At most this many audit batches per run; a larger backlog continues at the next run.</summary>
    public const int MaxAuditBatchesPerRun = 100;

    /// <summary>Deletes rows that expired before <paramref name="now"/>; null when another replica is cleaning.</summary>
    public async Task<CleanupResult?> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var utcNow = now.ToUniversalTime();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var locked = await db.Database
            .SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({AdvisoryLocks.Cleanup}) AS \"Value\"")
            .SingleAsync(cancellationToken)
            .ConfigureAwait(false);
        if (!locked)
        {
            return null;
        }

        var pending = await db.SignInTransactions.Where(p => p.ExpiresAt <= utcNow).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var codes = await db.AuthorizationCodes
            .Where(c => c.ExpiresAt <= utcNow && (c.KeepUntil == null || c.KeepUntil <= utcNow))
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var refreshTokens = await db.RefreshTokens.Where(t => t.ExpiresAt <= utcNow).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var handleCutoff = utcNow - SuccessorHandleRetention;
        var handles = await db.RefreshTokens
            .Where(t => t.ProtectedSuccessor != null && t.UsedAt < handleCutoff)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ProtectedSuccessor, (byte[]?)null), cancellationToken).ConfigureAwait(false);
        var revoked = await db.RevokedAccessTokens.Where(r => r.ExpiresAt <= utcNow).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var sessions = await db.BrokerSessions.Where(s => s.ExpiresAt <= utcNow).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var deliveredCutoff = utcNow - DeliveredOutboxRetention;
        var failedCutoff = utcNow - FailedOutboxRetention;
        var outbox = await db.OutboxMessages
            .Where(m => m.DeliveredAt < deliveredCutoff || m.FailedAt < failedCutoff)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var pushed = await db.PushedAuthorizationRequests.Where(p => p.ExpiresAt <= utcNow).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var replay = await db.ReplayEntries.Where(r => r.ExpiresAt <= utcNow).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new CleanupResult(pending, codes, refreshTokens, handles, revoked, sessions, outbox, pushed, replay);
    }

    /// <summary>
    /// Audit retention: deletes audit records older than <paramref name="now"/> − <paramref name="retention"/>, in batches of
    /// <paramref name="batchSize"/> (<c>DELETE … WHERE id IN (SELECT … LIMIT n)</c>, each batch its own transaction under
    /// the transaction-level advisory lock <see cref="AdvisoryLocks.AuditRetention"/>), until a batch comes back short or
    /// <paramref name="maxBatches"/> ran. Returns how many were deleted; null when another replica holds the lock.
    /// </summary>
    public async Task<int?> DeleteExpiredAuditRecordsAsync(DateTimeOffset now, TimeSpan retention, int batchSize, int maxBatches, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatches);
        var cutoff = now.ToUniversalTime() - retention;
        return await DeleteInBatchesAsync(AdvisoryLocks.AuditRetention, (db, ct) => AuditLog.DeleteOlderThanAsync(db, cutoff, batchSize, ct), batchSize, maxBatches, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Directory sync batch retention (issue #13): a batch id is remembered with its outcome so that a retried push is
    /// answered from the record (idempotency); after <paramref name="retention"/> the record is deleted and the same id would
    /// be applied as a new batch. Deletes records received before <paramref name="now"/> − <paramref name="retention"/> in
    /// batches, like <see cref="DeleteExpiredAuditRecordsAsync"/>, under <see cref="AdvisoryLocks.DirectorySyncRetention"/>.
    /// Returns how many were deleted; null when another replica holds the lock.
    /// </summary>
    public async Task<int?> DeleteExpiredDirectorySyncBatchesAsync(DateTimeOffset now, TimeSpan retention, int batchSize, int maxBatches, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatches);
        var cutoff = now.ToUniversalTime() - retention;
        return await DeleteInBatchesAsync(
            AdvisoryLocks.DirectorySyncRetention,
            (db, ct) => db.Database.ExecuteSqlAsync(
                $"""
                DELETE FROM broker.directory_sync_batches
                WHERE (region_code, batch_id) IN
                    (SELECT region_code, batch_id FROM broker.directory_sync_batches WHERE received_at < {cutoff} ORDER BY received_at LIMIT {batchSize})
                """,
                ct),
            batchSize, maxBatches, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="deleteBatch"/> (each its own transaction under the advisory lock <paramref name="lockKey"/>) until a short batch or <paramref name="maxBatches"/>.</summary>
    private async Task<int?> DeleteInBatchesAsync(long lockKey, Func<BrokerDbContext, CancellationToken, Task<int>> deleteBatch, int batchSize, int maxBatches, CancellationToken cancellationToken)
    {
        var total = 0;
        for (var batch = 0; batch < maxBatches; batch++)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var locked = await db.Database
                .SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({lockKey}) AS \"Value\"")
                .SingleAsync(cancellationToken)
                .ConfigureAwait(false);
            if (!locked)
            {
                return batch == 0 ? null : total;
            }

            var deleted = await deleteBatch(db, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < batchSize)
            {
                break;
            }
        }

        return total;
    }
}

/// <summary>How many rows <see cref="ExpiredStateCleaner.DeleteExpiredAsync"/> removed (or, for handles, cleared).</summary>
public sealed record CleanupResult(
    int PendingSignIns,
    int AuthorizationCodes,
    int RefreshTokens = 0,
    int SuccessorHandlesCleared = 0,
    int RevokedAccessTokens = 0,
    int BrokerSessions = 0,
    int OutboxMessages = 0,
    int PushedRequests = 0,
    int ReplayEntries = 0);
