using Npgsql;

namespace IdentityBroker.Store.Directory;

/// <summary>
/// The first load of an EMPTY directory (no account and no relation of any region yet, e.g. the first region's first
/// import after deployment): the secondary indexes of <c>broker.diary_accounts</c> and <c>broker.diary_relations</c> are
/// dropped inside the import's transaction and rebuilt after the INSERTs. Building a B-tree by sorting (with parallel
/// maintenance workers) costs a fraction of maintaining six of them row by row — the INSERT dominated the import
/// (docs/benchmarks.md, "Diary directory").
/// <para>
/// Contract: only when both tables are empty, under an ACCESS EXCLUSIVE lock taken with a short lock timeout (if another
/// region's import or a lookup holds the tables, the import simply runs the ordinary way); so no other region's rows
/// ever lose an index, and while the load runs, readers of the (empty) directory wait instead of finding nothing. The
/// exact definitions (<c>pg_get_indexdef</c>, the hand-written <c>lower(login)</c> index included) are recreated in the
/// same transaction: a failure or cancellation rolls the drop back with the load. Primary keys stay (the INSERT is in
/// key order, so they grow at the right edge). A table that holds any row is never touched by DDL.
/// </para>
/// </summary>
internal sealed class DirectoryBulkLoad
{
    /// <summary>Fewer staged accounts than this are merged the ordinary way (a sync batch, a small region).</summary>
    public const long MinimumRows = 50_000;

    private const string Savepoint = "directory_bulk_load";

    private readonly NpgsqlConnection _connection;
    private readonly List<string> _definitions;

    private DirectoryBulkLoad(NpgsqlConnection connection, List<string> definitions)
    {
        _connection = connection;
        _definitions = definitions;
    }

    /// <summary>Locks both tables and drops their secondary indexes when they are empty; null (nothing changed) when
    /// they hold rows or cannot be locked at once.</summary>
    public static async Task<DirectoryBulkLoad?> TryBeginAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, $"SAVEPOINT {Savepoint}", cancellationToken).ConfigureAwait(false);
        try
        {
            // SET LOCAL is undone by the ROLLBACK TO below, and restored by hand after a successful lock
            var previousTimeout = await ScalarAsync<string>(connection, "SELECT current_setting('lock_timeout')", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "SET LOCAL lock_timeout = '500ms'", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "LOCK TABLE broker.diary_accounts, broker.diary_relations IN ACCESS EXCLUSIVE MODE", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"SELECT set_config('lock_timeout', '{previousTimeout.Replace("'", "''", StringComparison.Ordinal)}', true)", cancellationToken).ConfigureAwait(false);
            var empty = await ScalarAsync<bool>(connection,
                "SELECT NOT EXISTS (SELECT 1 FROM broker.diary_accounts) AND NOT EXISTS (SELECT 1 FROM broker.diary_relations)",
                cancellationToken).ConfigureAwait(false);
            if (!empty)
            {
                await ExecuteAsync(connection, $"ROLLBACK TO SAVEPOINT {Savepoint}; RELEASE SAVEPOINT {Savepoint}", cancellationToken).ConfigureAwait(false);
                return null;
            }

            var indexes = new List<(string Name, string Definition)>();
            await using (var command = new NpgsqlCommand(
                """
                SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                JOIN pg_class c ON c.oid = i.indexrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE i.indrelid IN ('broker.diary_accounts'::regclass, 'broker.diary_relations'::regclass)
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
                ORDER BY c.relname
                """,
                connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    indexes.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            foreach (var (name, _) in indexes)
            {
                await ExecuteAsync(connection, $"DROP INDEX {name}", cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, $"RELEASE SAVEPOINT {Savepoint}", cancellationToken).ConfigureAwait(false);
            return new DirectoryBulkLoad(connection, indexes.ConvertAll(i => i.Definition));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            await ExecuteAsync(connection, $"ROLLBACK TO SAVEPOINT {Savepoint}; RELEASE SAVEPOINT {Savepoint}", cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Rebuilds the dropped indexes (sorted builds, parallel workers) and refreshes the planner's statistics.</summary>
    public async Task CompleteAsync(Action<string, long> time, CancellationToken cancellationToken)
    {
        // SET LOCAL: for this transaction only; a sort per index in memory instead of on disk
        await ExecuteAsync(_connection, "SET LOCAL maintenance_work_mem = '256MB'", cancellationToken).ConfigureAwait(false);
        foreach (var definition in _definitions)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await ExecuteAsync(_connection, definition, cancellationToken).ConfigureAwait(false);
            time(definition, started);
        }

        var analyzed = System.Diagnostics.Stopwatch.GetTimestamp();
        await ExecuteAsync(_connection, "ANALYZE broker.diary_accounts, broker.diary_relations", cancellationToken).ConfigureAwait(false);
        time("ANALYZE after the bulk load", analyzed);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
