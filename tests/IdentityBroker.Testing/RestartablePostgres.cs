using Npgsql;

namespace IdentityBroker.Testing;

/// <summary>
/// A PostgreSQL server of its own for a test that stops and starts it (outages, issue #10 item 2), so the shared server of
/// <see cref="PostgresCluster"/> and the tests using it are not disturbed. Always a throwaway cluster (TOOLCHAIN.md §5).
/// </summary>
public sealed class RestartablePostgres : IDisposable
{
    private readonly ThrowawayCluster _cluster;

    private RestartablePostgres(ThrowawayCluster cluster) => _cluster = cluster;

    /// <summary>
    /// With durable commits: a commit the broker saw acknowledged survives the abrupt stop, as on a production server (with
    /// synchronous_commit off, a stop could take back a rotation whose response the client already has).
    /// </summary>
    public static async Task<RestartablePostgres> StartAsync() => new(await ThrowawayCluster.StartAsync(durableCommits: true).ConfigureAwait(false));

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(_cluster.ConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return new NpgsqlConnectionStringBuilder(_cluster.ConnectionString) { Database = name, Timeout = 3, CommandTimeout = 10 }.ConnectionString;
    }

    /// <summary>Stops the server abruptly (every connection dropped), as an outage would.</summary>
    public Task StopAsync() => _cluster.SuspendAsync();

    /// <summary>Starts it again with the same data and port.</summary>
    public Task StartAgainAsync() => _cluster.ResumeAsync();

    public void Dispose() => _cluster.Stop();
}
