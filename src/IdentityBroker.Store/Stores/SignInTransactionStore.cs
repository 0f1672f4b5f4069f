using IdentityBroker.Core.Interaction;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>
/// PostgreSQL <see cref="ISignInTransactionStore"/> on <c>broker.pending_sign_ins</c>: each claim, move and end is one
/// conditional statement on (id, step, version), so a step form counts once across replicas without locks held between
/// requests. All calls join an ambient unit of work (<see cref="StoreUnitOfWork"/>).
/// </summary>
internal sealed class SignInTransactionStore(IDbContextFactory<BrokerDbContext> contextFactory) : ISignInTransactionStore
{
    public async Task CreateAsync(SignInTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        lease.Db.SignInTransactions.Add(SignInTransactionMapper.ToEntity(transaction));
        await lease.Db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<StepClaim> ClaimAsync(
        Guid id, SignInStep step, int version, string browserBindingHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(browserBindingHash);
        var name = SignInSteps.Name(step);
        var utcNow = now.ToUniversalTime();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;

        // One statement decides: of two concurrent posts of the same form, exactly one gets the row back.
        var rows = await db.SignInTransactions
            .FromSql($"""
                UPDATE broker.pending_sign_ins SET version = version + 1
                WHERE esia_state = {id} AND step = {name} AND version = {version} AND browser_binding_hash = {browserBindingHash}
                  AND expires_at > {utcNow}
                RETURNING *
                """)
            .AsNoTracking()
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        if (rows.SingleOrDefault() is { } row && SignInTransactionMapper.ToRecord(row) is { } claimed)
        {
            return new StepClaim(ClaimResult.Claimed, claimed);
        }

        // Only on the failure path: was it the right form in the wrong browser? (It is left usable for its own browser.)
        var elsewhere = await db.SignInTransactions.AsNoTracking()
            .AnyAsync(t => t.Id == id && t.Step == name && t.Version == version && t.ExpiresAt > utcNow, cancellationToken)
            .ConfigureAwait(false);
        return new StepClaim(elsewhere ? ClaimResult.OtherBrowser : ClaimResult.NotFound, null);
    }

    public async Task<int?> MoveAsync(Guid id, int version, SignInStep step, string? progress, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var name = SignInSteps.Name(step);
        var utcExpires = expiresAt.ToUniversalTime();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var changed = await lease.Db.Database.ExecuteSqlAsync($"""
            UPDATE broker.pending_sign_ins
            SET step = {name}, progress = CAST({progress} AS jsonb), expires_at = {utcExpires}, version = version + 1
            WHERE esia_state = {id} AND version = {version}
            """, cancellationToken).ConfigureAwait(false);
        return changed == 1 ? version + 1 : null;
    }

    public async Task<bool> EndAsync(Guid id, int version, CancellationToken cancellationToken)
    {
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await lease.Db.Database.ExecuteSqlAsync(
            $"DELETE FROM broker.pending_sign_ins WHERE esia_state = {id} AND version = {version}", cancellationToken).ConfigureAwait(false);
        return deleted == 1;
    }
}
