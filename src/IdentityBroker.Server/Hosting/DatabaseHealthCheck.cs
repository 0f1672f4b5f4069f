using IdentityBroker.Store;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IdentityBroker.Server.Hosting;

/// <summary>Ready when PostgreSQL answers and its schema matches this build. ESIA is deliberately not checked (STYLE.md §9).</summary>
internal sealed class DatabaseHealthCheck(DatabaseMigrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await migrator.IsUpToDateAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("Database schema is behind this build: run the migrate command.");
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable: " + ex.GetType().Name);
        }
    }
}
