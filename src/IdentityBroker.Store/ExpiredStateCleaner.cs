using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store;

/// <summary>
/// Deletes operational state that can no longer be used: pending sign-ins and authorization codes past their expiry
/// (a consumed code is kept until then, so replays are recognised). Meant to be called periodically by a hosted service
/// on every replica: a transaction-level advisory lock (<see cref="AdvisoryLocks.Cleanup"/>) lets one replica clean at a
/// time and the others skip (STYLE.md §9).
/// </summary>
public sealed class ExpiredStateCleaner(IDbContextFactory<BrokerDbContext> contextFactory)
{
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

        var pending = await db.PendingSignIns.Where(p => p.ExpiresAt <= utcNow).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var codes = await db.AuthorizationCodes
            .Where(c => c.ExpiresAt <= utcNow && (c.KeepUntil == null || c.KeepUntil <= utcNow))
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new CleanupResult(pending, codes);
    }
}

/// <summary>How many rows <see cref="ExpiredStateCleaner.DeleteExpiredAsync"/> removed.</summary>
public sealed record CleanupResult(int PendingSignIns, int AuthorizationCodes);
