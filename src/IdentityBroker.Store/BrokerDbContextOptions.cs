using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdentityBroker.Store;

/// <summary>The one place that configures EF Core for the broker database (runtime, tests and design time alike).</summary>
internal static class BrokerDbContextOptions
{
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, NpgsqlDataSource dataSource) =>
        builder
            .UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable(BrokerDbContext.MigrationsHistoryTable, BrokerDbContext.Schema))
            .UseSnakeCaseNamingConvention();

    public static DbContextOptions<BrokerDbContext> Create(NpgsqlDataSource dataSource)
    {
        var builder = new DbContextOptionsBuilder<BrokerDbContext>();
        Configure(builder, dataSource);
        return builder.Options;
    }
}
