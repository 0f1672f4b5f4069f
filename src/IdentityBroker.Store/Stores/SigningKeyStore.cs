using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>
/// PostgreSQL <see cref="ISigningKeyStore"/>. The check-then-insert of <see cref="AddIfNoneUsableAsync"/> runs under a
/// transaction-level advisory lock, so replicas starting together add one key between them.
/// </summary>
internal sealed class SigningKeyStore(IDbContextFactory<BrokerDbContext> contextFactory) : ISigningKeyStore
{
    public async Task<IReadOnlyList<SigningKeyRecord>> GetCurrentAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var utcNow = now.ToUniversalTime();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.SigningKeys
            .AsNoTracking()
            .Where(k => k.ExpiresAt > utcNow)
            .OrderByDescending(k => k.CreatedAt)
            .ThenByDescending(k => k.ActivatesAt)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(SigningKeyMapper.ToRecord).ToList().AsReadOnly();
    }

    public async Task<bool> AddIfNoneUsableAsync(SigningKeyRecord candidate, DateTimeOffset usableAt, CancellationToken cancellationToken, DateTimeOffset? activatesBy = null)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var at = usableAt.ToUniversalTime();
        var by = (activatesBy ?? usableAt).ToUniversalTime();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Released at commit/rollback. Under READ COMMITTED the next statement sees whatever the previous holder committed.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLocks.SigningKeys})", cancellationToken).ConfigureAwait(false);
        var usable = await db.SigningKeys
            .AnyAsync(k => k.ActivatesAt <= by && k.RetiresAt > at && k.ExpiresAt > at, cancellationToken)
            .ConfigureAwait(false);
        if (usable)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        db.SigningKeys.Add(SigningKeyMapper.ToEntity(candidate));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
