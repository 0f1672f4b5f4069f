using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace IdentityBroker.Store;

/// <summary>
/// Applies the EF Core migrations. Runs under a session-level PostgreSQL advisory lock held on a separate connection,
/// so two instances (a Helm Job retried while the first is still running, or two replicas in Development) migrating
/// at once take turns: the second finds nothing left to do.
/// </summary>
public sealed class DatabaseMigrator(
    IDbContextFactory<BrokerDbContext> contextFactory,
    NpgsqlDataSource dataSource,
    ILogger<DatabaseMigrator>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<DatabaseMigrator>.Instance;

    /// <summary>Applies every pending migration; a no-op when the database is current.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!await TryLockAsync(lockConnection, cancellationToken).ConfigureAwait(false))
        {
            Log.MigrationLockWaiting(_logger);
            await ExecuteAsync(lockConnection, $"SELECT pg_advisory_lock({AdvisoryLocks.Migrations})", cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
            if (pending.Count == 0)
            {
                Log.MigrationsUpToDate(_logger);
                return;
            }

#pragma warning disable CA1873 // once per migration run
            Log.MigrationsApplying(_logger, pending.Count, string.Join(", ", pending));
#pragma warning restore CA1873
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Closing the connection would release it too; unlocking explicitly keeps a pooled connection clean.
            await ExecuteAsync(lockConnection, $"SELECT pg_advisory_unlock({AdvisoryLocks.Migrations})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>True when every migration in this build has been applied (for <c>/health/startup</c>).</summary>
    public async Task<bool> IsUpToDateAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false);
        return !pending.Any();
    }

    /// <summary>
    /// True when the database behind <see cref="StoreServiceCollectionExtensions.AddBrokerStore"/> has every migration of
    /// this build applied. False (not an exception) when the server is unreachable, so a health check can report it.
    /// </summary>
    public static async Task<bool> IsDatabaseUpToDateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            return await services.GetRequiredService<DatabaseMigrator>().IsUpToDateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({AdvisoryLocks.Migrations})", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
