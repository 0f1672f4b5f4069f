using System.Net;
using Testcontainers.PostgreSql;

namespace IdentityBroker.Testing;

/// <summary>
/// PostgreSQL in a container (Testcontainers.PostgreSql, ADR 0002) where a Docker engine is reachable. Without an engine,
/// Testcontainers fails within about a second (<c>DockerUnavailableException</c>); <see cref="TryStartAsync"/> then returns
/// the reason instead of throwing, so <see cref="PostgresCluster"/> can fall back to the local throwaway cluster.
/// </summary>
internal static class DockerPostgres
{
    /// <summary>The image: the major version Debian bookworm ships, so both sources test against the same server.</summary>
    public const string Image = "postgres:15-alpine";

    /// <summary>Starts a container, or returns why not (no engine, engine not on loopback, start failed).</summary>
    public static async Task<(PostgreSqlContainer? Container, string? Reason)> TryStartAsync()
    {
        PostgreSqlContainer? container = null;
        try
        {
            container = new PostgreSqlBuilder(Image)
                // as the local cluster: durability off (the data is thrown away), room for the integration tests' pools
                .WithCommand("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300")
                .Build();
            await container.StartAsync().ConfigureAwait(false);
            if (!IsLoopback(container.Hostname))
            {
                // tests talk to loopback only (COMMON rules); a remote DOCKER_HOST would put the database elsewhere
                await container.DisposeAsync().ConfigureAwait(false);
                return (null, $"the Docker engine publishes on {container.Hostname}, not on loopback");
            }

            return (container, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (container is not null)
            {
                await container.DisposeAsync().ConfigureAwait(false);
            }

            var message = ex.Message.Split('\n', 2)[0].Trim();
            return (null, ex.GetType().Name == "DockerUnavailableException"
                ? $"no Docker engine: {message}"
                : $"the Docker container did not start: {ex.GetType().Name}: {message}");
        }
    }

    private static bool IsLoopback(string host) =>
        host is "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
