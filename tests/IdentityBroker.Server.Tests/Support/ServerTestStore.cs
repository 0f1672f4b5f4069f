using IdentityBroker.Store;
using IdentityBroker.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityBroker.Server.Tests.Support;

/// <summary>
/// The real stores (PostgreSQL, migrated) for the code under test that needs one: the DPoP and client-assertion replay
/// cache, the signing keys. One database per test run, created on first use; tests keep apart by unique keys. The stores
/// read the test's clock, as in the broker, where one <see cref="TimeProvider"/> serves the validators and the stores.
/// </summary>
internal static class ServerTestStore
{
    private static readonly Lazy<Task<string>> Database = new(CreateAsync);

    /// <summary>The broker's store services over the shared test database, reading <paramref name="clock"/>.</summary>
    public static async Task<ServiceProvider> ServicesAsync(TimeProvider clock)
    {
        var connectionString = await Database.Value;
        return new ServiceCollection().AddLogging().AddSingleton(clock).AddBrokerStore(connectionString).BuildServiceProvider();
    }

    private static async Task<string> CreateAsync()
    {
        var connectionString = await PostgresCluster.CreateDatabaseAsync("server-tests");
        await using var services = new ServiceCollection().AddLogging().AddBrokerStore(connectionString).BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        return connectionString;
    }
}
