using System.Diagnostics;
using Npgsql;

namespace IdentityBroker.Testing;

/// <summary>
/// The PostgreSQL server for tests, one per test process. If the environment variable
/// <see cref="ExternalServerVariable"/> holds a connection string, that server is used; otherwise a throwaway cluster is
/// started on first use (TOOLCHAIN.md §5) and stopped, with its directory removed, when the process exits.
/// Has no test-framework dependency, so any test project (or a tool) can use it.
/// </summary>
public static class PostgresCluster
{
    /// <summary>Set to a connection string (a superuser or a role with CREATEDB) to use an existing server.</summary>
    public const string ExternalServerVariable = "IDENTITYBROKER_TEST_POSTGRES";

    private static readonly Lazy<Task<PostgresServer>> Server = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>How long starting the throwaway cluster took (zero for an external server); null before the first use.</summary>
    public static TimeSpan? StartDuration { get; private set; }

    /// <summary>A connection string to the server's maintenance database (<c>postgres</c>), starting the server if needed.</summary>
    public static async Task<string> GetServerConnectionStringAsync() => (await Server.Value.ConfigureAwait(false)).ConnectionString;

    /// <summary>
    /// Creates a fresh, empty, uniquely named database and returns a connection string to it.
    /// </summary>
    /// <param name="prefix">Optional readable prefix for the database name (letters, digits and underscores are kept).</param>
    public static async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var server = await Server.Value.ConfigureAwait(false);
        var name = DatabaseName(prefix);
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await CreateWithRetryAsync(connection, name).ConfigureAwait(false);
        }

        return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
    }

    private static async Task CreateWithRetryAsync(NpgsqlConnection connection, string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 10)
            {
                // "source database template1 is being accessed by other users": another CREATE DATABASE is running.
                await Task.Delay(50 * attempt).ConfigureAwait(false);
            }
        }
    }

    private static string DatabaseName(string? prefix)
    {
        var clean = new string((prefix ?? "test").ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_').ToArray());
        if (clean.Length == 0)
        {
            clean = "test";
        }

        if (clean.Length > 40)
        {
            clean = clean[..40];
        }

        return $"{clean}_{Guid.NewGuid():N}"[..(clean.Length + 13)];
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(ExternalServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            StartDuration = TimeSpan.Zero;
            return new PostgresServer(external);
        }

        var stopwatch = Stopwatch.StartNew();
        var cluster = await ThrowawayCluster.StartAsync().ConfigureAwait(false);
        StartDuration = stopwatch.Elapsed;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return new PostgresServer(cluster.ConnectionString);
    }

    private sealed record PostgresServer(string ConnectionString);
}
