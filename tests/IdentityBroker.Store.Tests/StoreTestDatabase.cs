using IdentityBroker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityBroker.Store.Tests;

/// <summary>A fresh database on the test cluster with the broker's services registered over it.</summary>
internal sealed class StoreTestDatabase : IAsyncDisposable
{
    private StoreTestDatabase(string connectionString, ServiceProvider services)
    {
        ConnectionString = connectionString;
        Services = services;
    }

    public string ConnectionString { get; }

    public ServiceProvider Services { get; }

    public static async Task<StoreTestDatabase> CreateAsync(string prefix, bool migrate = true)
    {
        var connectionString = await PostgresCluster.CreateDatabaseAsync(prefix);
        var database = new StoreTestDatabase(connectionString, BuildServices(connectionString));
        if (migrate)
        {
            await database.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        }

        return database;
    }

    public static ServiceProvider BuildServices(string connectionString, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBrokerStore(connectionString);
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public BrokerDbContext CreateContext() => Get<IDbContextFactory<BrokerDbContext>>().CreateDbContext();

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}
