using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace IdentityBroker.Store;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without the server's host (Migrations/README.md). Generating a
/// migration does not connect, so the connection string only has to parse.
/// </summary>
internal sealed class BrokerDbContextDesignTimeFactory : IDesignTimeDbContextFactory<BrokerDbContext>
{
    public BrokerDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("IDENTITYBROKER_DESIGN_CONNECTION")
            ?? "Host=127.0.0.1;Username=postgres;Database=identity_broker_design";
        var dataSource = new NpgsqlDataSourceBuilder(connectionString).Build();
        return new BrokerDbContext(BrokerDbContextOptions.Create(dataSource));
    }
}
