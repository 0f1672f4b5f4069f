using IdentityBroker.Core.Stores;
using IdentityBroker.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityBroker.Store.Tests;

/// <summary>Clients are defined in region files and stored in PostgreSQL by a start-up sync (issue #3).</summary>
public sealed class ClientRegistrationStoreTests
{
    [Test]
    public async Task Sync_AddUpdateRemove_TableFollowsConfigurationAndKeepsRemovedRows()
    {
        var connection = await PostgresCluster.CreateDatabaseAsync("clients");
        await using var services = new ServiceCollection().AddLogging().AddBrokerStore(connection).BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var store = services.GetRequiredService<IClientRegistrationStore>();
        var t0 = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

        var first = await store.SyncAsync([new("web-38", "38", "{\"a\":1}"), new("app", "38", "{\"b\":1}")], t0, CancellationToken.None);
        var again = await store.SyncAsync([new("web-38", "38", "{\"a\":1}"), new("app", "38", "{\"b\":1}")], t0.AddMinutes(1), CancellationToken.None);
        var changed = await store.SyncAsync([new("web-38", "38", "{\"a\":2}")], t0.AddMinutes(2), CancellationToken.None);

        Assert.That(first, Is.EqualTo(new ClientSyncResult(2, 0, 0)));
        Assert.That(again, Is.EqualTo(new ClientSyncResult(0, 0, 0)), "idempotent");
        Assert.That(changed, Is.EqualTo(new ClientSyncResult(0, 1, 1)));
        var all = await store.GetAllAsync(CancellationToken.None);
        Assert.That(all.Single(c => c.ClientId == "web-38").Definition, Does.Contain("2"));
        Assert.That(all.Single(c => c.ClientId == "app").RemovedAt, Is.EqualTo(t0.AddMinutes(2)), "kept for the audit trail");
    }

    [Test]
    public async Task Sync_TenReplicasAtOnce_OneRowPerClient()
    {
        var connection = await PostgresCluster.CreateDatabaseAsync("clients");
        await using var services = new ServiceCollection().AddLogging().AddBrokerStore(connection).BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var store = services.GetRequiredService<IClientRegistrationStore>();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            store.SyncAsync([new("web-38", "38", "{}")], DateTimeOffset.UtcNow, CancellationToken.None)));

        Assert.That(results.Sum(r => r.Added), Is.EqualTo(1));
        Assert.That(await store.GetAllAsync(CancellationToken.None), Has.Count.EqualTo(1));
    }
}
