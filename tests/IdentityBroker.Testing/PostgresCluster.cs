using System.Diagnostics;
using Npgsql;

namespace IdentityBroker.Testing;

/// <summary>
/// The PostgreSQL server for tests, one per test process, chosen once on first use (ADR 0002), in this order:
/// <list type="number">
/// <item><see cref="ExternalServerVariable"/> holds a connection string: that server.</item>
/// <item>A Docker engine is reachable (unless <see cref="DockerVariable"/> is <c>0</c>): a Testcontainers PostgreSQL
/// container (<see cref="DockerPostgres"/>), removed when the process exits.</item>
/// <item>Otherwise a throwaway local cluster (TOOLCHAIN.md §5), stopped with its directory removed when the process exits.</item>
/// </list>
/// The choice and its reason are written once to the process's standard error (<see cref="Source"/>).
/// Has no test-framework dependency, so any test project (or a tool) can use it.
/// </summary>
public static class PostgresCluster
{
    /// <summary>Set to a connection string (a superuser or a role with CREATEDB) to use an existing server.</summary>
    public const string ExternalServerVariable = "IDENTITYBROKER_TEST_POSTGRES";

    /// <summary>Set to <c>0</c> to skip the Docker probe (about 0.7 s without an engine) and go straight to the local cluster.</summary>
    public const string DockerVariable = "IDENTITYBROKER_TEST_DOCKER";

    private static readonly Lazy<Task<PostgresServer>> Server = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>How long choosing and starting the server took (zero for an external server); null before the first use.</summary>
    public static TimeSpan? StartDuration { get; private set; }

    /// <summary>Which server the tests use and why, e.g. "local throwaway cluster (no Docker engine: …)"; null before the first use.</summary>
    public static string? Source { get; private set; }

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
        var stopwatch = Stopwatch.StartNew();
        var external = Environment.GetEnvironmentVariable(ExternalServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            StartDuration = TimeSpan.Zero;
            Announce($"the server in {ExternalServerVariable}");
            return new PostgresServer(external);
        }

        string why;
        if (Environment.GetEnvironmentVariable(DockerVariable) == "0")
        {
            why = $"{DockerVariable}=0";
        }
        else
        {
            var (container, reason) = await DockerPostgres.TryStartAsync().ConfigureAwait(false);
            if (container is not null)
            {
                StartDuration = stopwatch.Elapsed;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
                Announce($"Testcontainers {DockerPostgres.Image} on {container.Hostname}:{container.GetMappedPublicPort(5432)} (Docker engine reachable)");
                return new PostgresServer(container.GetConnectionString());
            }

            why = reason!;
        }

        var cluster = await ThrowawayCluster.StartAsync().ConfigureAwait(false);
        StartDuration = stopwatch.Elapsed;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        Announce($"local throwaway cluster ({why})");
        return new PostgresServer(cluster.ConnectionString);
    }

    /// <summary>
    /// One line per test process, where a test run shows it: NUnit's <c>TestContext.Progress</c> when NUnit is loaded
    /// (found by reflection: this project has no test-framework dependency; the adapter passes it to the run's console
    /// at once), else the process's real standard error (Console.Error is captured per test by test frameworks).
    /// </summary>
    private static void Announce(string source)
    {
        Source = source;
        var line = $"PostgreSQL for tests: {source}";
        try
        {
            var progress = Type.GetType("NUnit.Framework.TestContext, nunit.framework")?.GetProperty("Progress")?.GetValue(null) as TextWriter;
            if (progress is not null)
            {
                progress.WriteLine(line);
                return;
            }

            using var stderr = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true };
            stderr.WriteLine(line);
        }
        catch (IOException)
        {
            // nowhere to write: the choice is still in PostgresCluster.Source
        }
    }

    private sealed record PostgresServer(string ConnectionString);
}
