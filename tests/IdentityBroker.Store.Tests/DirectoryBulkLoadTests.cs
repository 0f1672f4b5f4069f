using IdentityBroker.Core.People;
using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Directory;
using Npgsql;
using static IdentityBroker.Store.Tests.DirectoryTestData;

namespace IdentityBroker.Store.Tests;

/// <summary>
/// Issue #11: the first load of an empty directory rebuilds the secondary indexes after the INSERTs
/// (<see cref="DirectoryBulkLoad"/>); that must not change what is stored or reported, and must never touch a directory
/// that holds rows or that another transaction is reading.
/// </summary>
public sealed class DirectoryBulkLoadTests
{
    private static readonly DirectoryImportOptions BulkForAnySize = new() { BulkLoadMinimumRows = 1 };

    [Test]
    public async Task ImportAsync_IntoEmptyDirectory_RebuildsTheSameIndexesAndStoresWhatAnOrdinaryImportStores()
    {
        await using var database = await StoreTestDatabase.CreateAsync("bulk");
        var importer = database.Get<DirectoryImporter>();
        var before = await IndexesAsync(database.ConnectionString);

        var bulk = await importer.ImportAsync("x1", Stream(JsonLines), DirectoryFileFormat.JsonLines, Hasher, BulkForAnySize, CancellationToken.None);
        var afterBulk = await IndexesAsync(database.ConnectionString);
        var ordinary = await importer.ImportAsync("y1", Stream(JsonLines), DirectoryFileFormat.JsonLines, Hasher, BulkForAnySize, CancellationToken.None);
        var afterOrdinary = await IndexesAsync(database.ConnectionString);

        Assert.That(afterBulk.Select(i => i.Definition), Is.EquivalentTo(before.Select(i => i.Definition)), "the same indexes, lower(login) included");
        Assert.That(before.Select(i => i.Definition), Has.Some.Contains("lower(login)"));
        Assert.That(Rebuilt(before, afterBulk), Is.EquivalentTo(before.Where(i => !i.Constraint).Select(i => i.Name)),
            "an empty directory: every secondary index rebuilt, the primary keys kept");
        Assert.That(Rebuilt(afterBulk, afterOrdinary), Is.Empty, "a directory holding another region's rows: no DDL");
        Assert.That((bulk.Inserted, bulk.Rejected.Select(r => r.Line)), Is.EqualTo((ordinary.Inserted, ordinary.Rejected.Select(r => r.Line))));
        Assert.That(await DirectoryTable.SnapshotAsync(database.ConnectionString, "x1", withTimestamps: false),
            Is.EqualTo((await DirectoryTable.SnapshotAsync(database.ConnectionString, "y1", withTimestamps: false)).Replace("y1", "x1", StringComparison.Ordinal)));
        Assert.That(await ScalarAsync<bool>(database.ConnectionString, "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relid = 'broker.diary_accounts'::regclass"),
            Is.True, "statistics refreshed after the load");

        var directory = database.Get<IDiaryDirectory>();
        Assert.That(Snils.TryParse(ParentSnils, out var snils), Is.True);
        var parent = await directory.FindBySnilsHashAsync("x1", Hasher.HashSnils(snils!), CancellationToken.None);
        Assert.That(parent.Select(a => (a.Id, string.Join(",", a.ChildIds))), Is.EqualTo(new[] { ("d38-1001", "d38-2001") }));
        var name = new PersonName("Петрова", "Алёна", "Ивановна").Normalized;
        var child = await directory.FindByNameAndBirthDateAsync("x1", name, new DateOnly(2012, 5, 1), CancellationToken.None);
        Assert.That(child.Select(a => a.Id), Is.EqualTo(new[] { "d38-2001" }));
    }

    [Test]
    public async Task ImportAsync_EmptyDirectoryReadByAnotherTransaction_ImportsTheOrdinaryWayWithoutWaiting()
    {
        await using var database = await StoreTestDatabase.CreateAsync("bulklock");
        var importer = database.Get<DirectoryImporter>();
        var before = await IndexesAsync(database.ConnectionString);
        await using var reader = new NpgsqlConnection(database.ConnectionString);
        await reader.OpenAsync();
        await using var readerTransaction = await reader.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM broker.diary_accounts", reader, readerTransaction))
        {
            await read.ExecuteScalarAsync(); // holds ACCESS SHARE until its transaction ends
        }

        var report = await importer.ImportAsync("x1", Stream(JsonLines), DirectoryFileFormat.JsonLines, Hasher, BulkForAnySize, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(report.Inserted, Is.EqualTo(3));
        Assert.That(Rebuilt(before, await IndexesAsync(database.ConnectionString)), Is.Empty, "the lock was not granted at once: no DDL");
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static IEnumerable<string> Rebuilt(List<Index> before, List<Index> after) =>
        before.Where(b => after.Any(a => a.Name == b.Name && a.Oid != b.Oid)).Select(b => b.Name);

    private static async Task<List<Index>> IndexesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT c.relname, i.indexrelid::bigint, pg_get_indexdef(i.indexrelid),
                   EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid IN ('broker.diary_accounts'::regclass, 'broker.diary_relations'::regclass)
            """,
            connection);
        var list = new List<Index>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(new Index(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetBoolean(3)));
        }

        return list;
    }

    private sealed record Index(string Name, long Oid, string Definition, bool Constraint);
}
