using IdentityBroker.Core.Directory;
using IdentityBroker.Store.Directory;
using Npgsql;
using static IdentityBroker.Store.Tests.DirectoryTestData;

namespace IdentityBroker.Store.Tests;

/// <summary>
/// The importer's password hashes (R-MATCH-6) and removals (R-MATCH-7): removal rows, full sync and its guard, links
/// deleted and audited in the same transaction.
/// </summary>
public sealed class DirectoryImportRemovalAndHashTests
{
    private static readonly string Hash = DiaryPasswordHash.Create("correct horse", iterations: 1_000);
    private StoreTestDatabase _database = null!;
    private DirectoryImporter _importer = null!;
    private int _region;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync("import_removal");
        _importer = _database.Get<DirectoryImporter>();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task ImportAsync_Rmatch6_PasswordHash_StoredKeptWhenAbsentClearedByNull()
    {
        var region = NewRegion();

        var first = await JsonAsync(region, Account("a1", "a1", $",\"passwordHash\":\"{Hash}\""));
        Assert.That(first.Inserted, Is.EqualTo(1));
        Assert.That(await PasswordHashAsync(region, "a1"), Is.EqualTo(Hash));

        var absent = await JsonAsync(region, Account("a1", "a1", ""));
        Assert.That((absent.Updated, absent.Unchanged), Is.EqualTo((0, 1)), "absent = unchanged");
        Assert.That(await PasswordHashAsync(region, "a1"), Is.EqualTo(Hash));

        var same = await JsonAsync(region, Account("a1", "a1", $",\"passwordHash\":\"{Hash}\""));
        Assert.That(same.Unchanged, Is.EqualTo(1), "the same hash again changes nothing");

        var cleared = await JsonAsync(region, Account("a1", "a1", ",\"passwordHash\":null"));
        Assert.That(cleared.Updated, Is.EqualTo(1));
        Assert.That(await PasswordHashAsync(region, "a1"), Is.Null);
    }

    [Test]
    public async Task ImportAsync_Rmatch6_MalformedPasswordHash_RejectedWithoutTheValue()
    {
        var region = NewRegion();

        var report = await JsonAsync(region, Account("a1", "a1", ",\"passwordHash\":\"plain-text-secret\""), Account("a2", "a2", ",\"passwordHash\":42"));

        Assert.That(report.Inserted, Is.Zero);
        Assert.That(report.Rejected.Select(r => r.Reason), Is.EqualTo(new[]
        {
            "passwordHash: not a supported hash (ASP.NET Core Identity v3 or PHC $pbkdf2-sha256$/$pbkdf2-sha512$/$pbkdf2$)",
            "passwordHash: expected a string",
        }));
        Assert.That(report.Rejected.Any(r => r.Reason.Contains("plain-text-secret", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task ImportAsync_Rmatch6_CsvPasswordHashColumn_StoresAndEmptyCellClears()
    {
        var region = NewRegion();
        const string Header = "id,login,last_name,first_name,middle_name,birth_date,gender,snils,birth_certificate,roles,schools,activated,children";

        await CsvAsync(region, Header + ",password_hash\r\nc1,c1,Б,В,,,,,,staff,,true,," + Hash + "\r\n");
        Assert.That(await PasswordHashAsync(region, "c1"), Is.EqualTo(Hash));

        var without = await CsvAsync(region, Header + "\r\nc1,c1,Б,В,,,,,,staff,,true,\r\n");
        Assert.That(without.Unchanged, Is.EqualTo(1), "a file without the column keeps the hash");
        Assert.That(await PasswordHashAsync(region, "c1"), Is.EqualTo(Hash));

        var empty = await CsvAsync(region, Header + ",password_hash\r\nc1,c1,Б,В,,,,,,staff,,true,,\r\n");
        Assert.That(empty.Updated, Is.EqualTo(1));
        Assert.That(await PasswordHashAsync(region, "c1"), Is.Null);
    }

    [Test]
    public async Task ImportAsync_Rmatch7_RemovedRow_DeletesAccountLinksRelationsAndAuditsEachLink()
    {
        var region = NewRegion();
        await JsonAsync(region, Account("p1", "p1", ",\"children\":[\"k1\"]"), Account("k1", "k1", ""), Account("p2", "p2", ",\"children\":[\"k1\"]"));
        await LinkAsync(region, "esia-hash-1", "k1");
        await LinkAsync(region, "esia-hash-2", "k1");
        await LinkAsync(region, "esia-hash-3", "p1");

        // k1 removed; p2 is in the file and still lists k1 (the file decides its children), p1 is not in the file
        var report = await JsonAsync(region, """{"id":"k1","removed":true}""", Account("p2", "p2", ",\"children\":[\"k1\"]"));

        Assert.That((report.Removed, report.LinksRemoved, report.RelationsRemoved), Is.EqualTo((1, 2, 1)));
        Assert.That((report.Inserted, report.Updated, report.Unchanged), Is.EqualTo((0, 0, 1)));
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.diary_accounts WHERE region_code = @r AND id = 'k1'", region), Is.Zero);
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.account_links WHERE region_code = @r", region), Is.EqualTo(1), "p1's link stays");
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.diary_relations WHERE region_code = @r AND parent_id = 'p1'", region), Is.Zero);
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.diary_relations WHERE region_code = @r AND parent_id = 'p2'", region), Is.EqualTo(1));
        Assert.That(
            await ScalarAsync("SELECT count(*) FROM broker.audit_records WHERE region_code = @r AND event_type = 'unlink' AND rule_id = 'R-MATCH-7' AND outcome = 'diary_account_removed' AND diary_account_id = 'k1'", region),
            Is.EqualTo(2));

        var again = await JsonAsync(region, """{"id":"k1","removed":true}""");
        Assert.That((again.Removed, again.LinksRemoved), Is.EqualTo((0, 0)), "removing twice is harmless");
    }

    [Test]
    public async Task ImportAsync_Rmatch7_FullSync_RemovesAbsentButNotRejectedRows()
    {
        var region = NewRegion();
        var accounts = Enumerable.Range(1, 20).Select(i => Account($"f{i}", $"f{i}", "")).ToArray();
        await JsonAsync(region, accounts);
        await LinkAsync(region, "esia-hash-f20", "f20");

        // f20 absent, f19 present but rejected (bad gender): only f20 goes
        var file = accounts[..18].Append(Account("f19", "f19", ",\"gender\":\"X\"")).ToArray();
        var report = await JsonAsync(region, new DirectoryImportOptions { FullSync = true }, file);

        Assert.That((report.Removed, report.LinksRemoved, report.Unchanged), Is.EqualTo((1, 1, 18)));
        Assert.That(report.Rejected.Single().Reason, Is.EqualTo("gender: expected M or F"));
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.diary_accounts WHERE region_code = @r", region), Is.EqualTo(19));
    }

    [Test]
    public async Task ImportAsync_Rmatch7_FullSyncRemovingTooMuch_RefusedAndWritesNothing()
    {
        var region = NewRegion();
        await JsonAsync(region, Enumerable.Range(1, 10).Select(i => Account($"g{i}", $"g{i}", "")).ToArray());
        var before = await DirectoryTable.SnapshotAsync(_database.ConnectionString, region);

        var ex = Assert.ThrowsAsync<DirectoryImportRefusedException>(() =>
            JsonAsync(region, new DirectoryImportOptions { FullSync = true, MaxRemovedShare = 0.25 }, Account("g1", "g1", ",\"activated\":false"), Account("new", "new", "")));

        Assert.That(ex!.Message, Does.Contain("remove 9 of the region's 10 accounts"));
        Assert.That(await DirectoryTable.SnapshotAsync(_database.ConnectionString, region), Is.EqualTo(before), "not even the update or the insert");

        var forced = await JsonAsync(region, new DirectoryImportOptions { FullSync = true, MaxRemovedShare = 1 }, Account("g1", "g1", ""));
        Assert.That(forced.Removed, Is.EqualTo(9));
    }

    [Test]
    public async Task ImportAsync_Rmatch7_FullSyncWithUnreadableLine_RefusedAndWritesNothing()
    {
        var region = NewRegion();
        await JsonAsync(region, Account("h1", "h1", ""), Account("h2", "h2", ""));

        var ex = Assert.ThrowsAsync<DirectoryImportRefusedException>(() =>
            JsonAsync(region, new DirectoryImportOptions { FullSync = true, MaxRemovedShare = 1 }, Account("h1", "h1", ""), "{broken"));

        Assert.That(ex!.Message, Does.Contain("line 2 has no readable id"));
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.diary_accounts WHERE region_code = @r", region), Is.EqualTo(2));
    }

    [Test]
    public async Task ImportAsync_OtherRegion_NeverTouched()
    {
        var (region, other) = (NewRegion(), NewRegion());
        await JsonAsync(other, Account("x1", "x1", ""));
        var before = await DirectoryTable.SnapshotAsync(_database.ConnectionString, other);

        await JsonAsync(region, new DirectoryImportOptions { FullSync = true, MaxRemovedShare = 1 }, Account("y1", "y1", ""), """{"id":"x1","removed":true}""");

        Assert.That(await DirectoryTable.SnapshotAsync(_database.ConnectionString, other), Is.EqualTo(before));
    }

    private static string Account(string id, string login, string extra) =>
        $$"""{"id":"{{id}}","login":"{{login}}","lastName":"Б","firstName":"В","roles":["staff"],"activated":true{{extra}}}""";

    private Task<ImportReport> JsonAsync(string region, params string[] lines) => JsonAsync(region, DirectoryImportOptions.Upsert, lines);

    private Task<ImportReport> JsonAsync(string region, DirectoryImportOptions options, params string[] lines) =>
        _importer.ImportAsync(region, Stream(string.Join('\n', lines) + "\n"), DirectoryFileFormat.JsonLines, Hasher, options, CancellationToken.None);

    private Task<ImportReport> CsvAsync(string region, string text) =>
        _importer.ImportAsync(region, Stream(text), DirectoryFileFormat.Csv, Hasher, CancellationToken.None);

    private async Task LinkAsync(string region, string esiaHash, string accountId)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO broker.account_links (region_code, esia_subject_hash, diary_account_id, method, linked_at) VALUES (@r, @h, @a, 'name_snils', now())", connection);
        command.Parameters.AddWithValue("r", region);
        command.Parameters.AddWithValue("h", esiaHash);
        command.Parameters.AddWithValue("a", accountId);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string?> PasswordHashAsync(string region, string id)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT password_hash FROM broker.diary_accounts WHERE region_code = @r AND id = @id", connection);
        command.Parameters.AddWithValue("r", region);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync() as string;
    }

    private async Task<long> ScalarAsync(string sql, string region)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("r", region);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private string NewRegion() => $"r{Interlocked.Increment(ref _region)}";
}
