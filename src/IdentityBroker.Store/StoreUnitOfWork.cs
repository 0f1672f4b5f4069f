using IdentityBroker.Core.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace IdentityBroker.Store;

/// <summary>
/// PostgreSQL <see cref="IUnitOfWork"/>: an ambient <see cref="BrokerDbContext"/> with an open transaction, kept in an
/// <see cref="AsyncLocal{T}"/> for the async flow of the work. The participating stores take their context through
/// <see cref="StoreContexts.LeaseAsync"/> (the ambient one when present, else a fresh one they dispose) and begin their own
/// transactions through <see cref="StoreContexts.BeginAsync"/> (a savepoint inside the ambient transaction).
/// </summary>
internal sealed class StoreUnitOfWork(IDbContextFactory<BrokerDbContext> contextFactory) : IUnitOfWork
{
    private static readonly AsyncLocal<BrokerDbContext?> Ambient = new();

    /// <summary>The context of the unit of work running on this async flow, or null.</summary>
    internal static BrokerDbContext? Current => Ambient.Value;

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (Ambient.Value is not null)
        {
            return await work(cancellationToken).ConfigureAwait(false); // nested: joins the outer transaction
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        Ambient.Value = db;
        try
        {
            var result = await work(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            // Disposing the transaction without a commit rolls it back; the flow of the caller never saw the value
            // (AsyncLocal changes do not flow out of an async method), this only clears it for the rest of this method.
            Ambient.Value = null;
        }
    }
}

/// <summary>How the participating stores get their context and transactions (see <see cref="StoreUnitOfWork"/>).</summary>
internal static class StoreContexts
{
    /// <summary>The ambient unit of work's context (not disposed by the lease), or a fresh one (disposed by the lease).</summary>
    public static async ValueTask<ContextLease> LeaseAsync(this IDbContextFactory<BrokerDbContext> factory, CancellationToken cancellationToken) =>
        StoreUnitOfWork.Current is { } ambient
            ? new ContextLease(ambient, owned: false)
            : new ContextLease(await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false), owned: true);

    /// <summary>
    /// A transaction of the store's own: a real one on a context of its own, a savepoint inside the ambient transaction
    /// (committed = released; rolled back = rolled back to the savepoint; the outer commit decides in the end).
    /// </summary>
    public static async Task<StoreTransaction> BeginAsync(BrokerDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is { } outer)
        {
            var name = "store_" + Guid.NewGuid().ToString("N");
            await outer.CreateSavepointAsync(name, cancellationToken).ConfigureAwait(false);
            return new StoreTransaction(outer, name);
        }

        return new StoreTransaction(await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false), null);
    }
}

/// <summary>A context lent to a store for one call.</summary>
internal readonly struct ContextLease(BrokerDbContext db, bool owned) : IAsyncDisposable
{
    public BrokerDbContext Db { get; } = db;

    public ValueTask DisposeAsync()
    {
        if (owned)
        {
            return Db.DisposeAsync();
        }

        Db.ChangeTracker.Clear(); // the ambient context outlives the call: forget what this call tracked
        return ValueTask.CompletedTask;
    }
}

/// <summary>A store's own transaction, or its savepoint inside the ambient one.</summary>
internal sealed class StoreTransaction(IDbContextTransaction transaction, string? savepoint) : IAsyncDisposable
{
    public Task CommitAsync(CancellationToken cancellationToken) =>
        savepoint is null ? transaction.CommitAsync(cancellationToken) : transaction.ReleaseSavepointAsync(savepoint, cancellationToken);

    public Task RollbackAsync(CancellationToken cancellationToken) =>
        savepoint is null ? transaction.RollbackAsync(cancellationToken) : transaction.RollbackToSavepointAsync(savepoint, cancellationToken);

    /// <summary>An own transaction not committed is rolled back; a savepoint is left to the outer transaction.</summary>
    public ValueTask DisposeAsync() => savepoint is null ? transaction.DisposeAsync() : ValueTask.CompletedTask;
}
