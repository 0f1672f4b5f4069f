using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IdentityBroker.Store.Tests;

public sealed class MigrationTests
{
    [Test]
    public async Task MigrateAsync_EmptyDatabase_CreatesEveryTableAndSecondRunIsNoOp()
    {
        await using var database = await StoreTestDatabase.CreateAsync("migrate", migrate: false);
        var migrator = database.Get<DatabaseMigrator>();
        Assert.That(await migrator.IsUpToDateAsync(CancellationToken.None), Is.False);

        await migrator.MigrateAsync(CancellationToken.None);
        var tablesAfterFirst = await TablesAsync(database.ConnectionString);
        await migrator.MigrateAsync(CancellationToken.None);

        Assert.That(tablesAfterFirst, Is.EquivalentTo(new[]
        {
            "__ef_migrations_history", "account_links", "audit_records", "authorization_codes", "broker_sessions", "client_registrations",
            "consent_requests", "data_consents", "data_protection_keys", "diary_accounts", "diary_relations", "directory_sync_batches", "family_relations",
            "link_attempts", "outbox_messages", "parental_consents", "pending_sign_ins", "pushed_authorization_requests",
            "refresh_tokens", "replay_entries", "revoked_access_tokens", "session_clients", "signing_keys",
        }));
        Assert.That(await TablesAsync(database.ConnectionString), Is.EqualTo(tablesAfterFirst));
        Assert.That(await DatabaseMigrator.IsDatabaseUpToDateAsync(database.Services, CancellationToken.None), Is.True);
        await using var db = database.CreateContext();
        Assert.That(await db.Database.GetPendingMigrationsAsync(), Is.Empty);
    }

    [Test]
    public async Task Model_ComparedWithSnapshot_HasNoPendingChanges()
    {
        await using var database = await StoreTestDatabase.CreateAsync("snapshot", migrate: false);
        await using var db = database.CreateContext();

        Assert.That(db.Database.HasPendingModelChanges(), Is.False, "run dotnet ef migrations add <Name> after a model change (src/IdentityBroker.Store/Migrations/README.md)");
    }

    [Test]
    public async Task MigrateAsync_TwoMigratorsRacingOnEmptyDatabase_BothSucceed()
    {
        await using var database = await StoreTestDatabase.CreateAsync("race", migrate: false);
        await using var second = StoreTestDatabase.BuildServices(database.ConnectionString);
        var migrators = new[] { database.Get<DatabaseMigrator>(), second.GetRequiredService<DatabaseMigrator>() };

        await Task.WhenAll(migrators.Select(m => Task.Run(() => m.MigrateAsync(CancellationToken.None))));

        Assert.That(await migrators[1].IsUpToDateAsync(CancellationToken.None), Is.True);
        await using var db = database.CreateContext();
        Assert.That(await db.Database.GetAppliedMigrationsAsync(), Is.EqualTo(db.Database.GetMigrations()));
    }

    [Test]
    public async Task MigrateAsync_LockHeldByAnotherSession_WaitsUntilReleased()
    {
        await using var database = await StoreTestDatabase.CreateAsync("lock", migrate: false);
        await using var other = new NpgsqlConnection(database.ConnectionString);
        await other.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({AdvisoryLocks.Migrations})", other))
        {
            await take.ExecuteNonQueryAsync();
        }

        var migrate = database.Get<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await Task.Delay(500);
        var finishedWhileLocked = migrate.IsCompleted;
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({AdvisoryLocks.Migrations})", other))
        {
            await release.ExecuteNonQueryAsync();
        }

        await migrate;
        Assert.That(finishedWhileLocked, Is.False);
        Assert.That(await database.Get<DatabaseMigrator>().IsUpToDateAsync(CancellationToken.None), Is.True);
    }

    [Test]
    public async Task IsDatabaseUpToDateAsync_ServerUnreachable_ReturnsFalse()
    {
        await using var services = StoreTestDatabase.BuildServices("Host=127.0.0.1;Port=1;Username=postgres;Database=nowhere;Timeout=2");

        Assert.That(await DatabaseMigrator.IsDatabaseUpToDateAsync(services, CancellationToken.None), Is.False);
    }

    private static async Task<List<string>> TablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'broker' ORDER BY tablename", connection);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
