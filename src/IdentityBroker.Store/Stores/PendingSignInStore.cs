using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>PostgreSQL <see cref="IPendingSignInStore"/>: ESIA round-trip state, consumed by one <c>DELETE … RETURNING</c>.</summary>
internal sealed class PendingSignInStore(IDbContextFactory<BrokerDbContext> contextFactory) : IPendingSignInStore
{
    public async Task SaveAsync(PendingSignIn pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.PendingSignIns.Add(PendingSignInMapper.ToEntity(pending));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<PendingSignIn?> ConsumeAsync(Guid esiaState, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);

        // One statement: of two concurrent callbacks with the same state, exactly one gets the row back. An expired row
        // is deleted too (it can never be used), but not returned.
        var rows = await db.PendingSignIns
            .FromSql($"DELETE FROM broker.pending_sign_ins WHERE esia_state = {esiaState} RETURNING *")
            .AsNoTracking()
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var row = rows.SingleOrDefault();
        return row is null || row.ExpiresAt <= now ? null : PendingSignInMapper.ToRecord(row);
    }
}
