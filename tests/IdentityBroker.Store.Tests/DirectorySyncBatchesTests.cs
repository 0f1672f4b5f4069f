using System.Text;
using IdentityBroker.Store.Directory;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static IdentityBroker.Store.Tests.DirectoryTestData;

namespace IdentityBroker.Store.Tests;

/// <summary>
/// The shared import core as the directory sync API uses it (docs/directory-sync.md): batch ids applied once even when
/// two retries race, the row limit refusing everything, and deactivation (R-MATCH-8) revoking refresh tokens for the file
/// import and the API alike.
/// </summary>
public sealed class DirectorySyncBatchesTests
{
    private StoreTestDatabase _database = null!;
    private DirectorySyncBatches _batches = null!;
    private int _region;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync("sync_batches");
        _batches = ActivatorUtilities.CreateInstance<DirectorySyncBatches>(_database.Services);
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    private static string Account(string id, bool activated = true) =>
        $$"""{"id":"{{id}}","login":"{{id}}","lastName":"Б","firstName":"В","roles":["staff"],"schools":[{"id":"s1","name":"Школа"}],"activated":{{(activated ? "true" : "false")}}}""";

    private static DirectorySyncBatch Batch(string region, string id, int maxRows, params string[] lines) =>
        new(region, id, "backend", DirectoryFileFormat.JsonLines, Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), maxRows, Atomic: false);

    [Test]
    public async Task ApplyAsync_SameBatchRacingTwice_AppliedOnce_TheOtherReplayed()
    {
        var region = NewRegion();
        var batch = Batch(region, "race-1", 100, Account("a1"), Account("a2"));

        var results = await Task.WhenAll(_batches.ApplyAsync(batch, Hasher, CancellationToken.None), _batches.ApplyAsync(batch, Hasher, CancellationToken.None));

        Assert.That(results.Select(r => r.Status), Is.EquivalentTo(new[] { DirectorySyncStatus.Applied, DirectorySyncStatus.Replayed }));
        Assert.That(results.Select(r => r.Outcome!.Inserted), Is.All.EqualTo(2), "the replay answers with the stored outcome");
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.audit_records WHERE region_code = @r AND event_type = 'directory_change' AND outcome = 'inserted'", region), Is.EqualTo(2));
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.directory_sync_batches WHERE region_code = @r", region), Is.EqualTo(1));
    }

    [Test]
    public async Task ApplyAsync_MoreRowsThanTheLimit_Throws_NothingWrittenNorTheIdKept()
    {
        var region = NewRegion();

        var ex = Assert.ThrowsAsync<DirectoryBatchTooLargeException>(() => _batches.ApplyAsync(Batch(region, "big", 2, Account("a1"), Account("a2"), Account("a3")), Hasher, CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("more than 2 rows"));
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.diary_accounts WHERE region_code = @r", region), Is.Zero);
        Assert.That(await _batches.GetAsync(region, "big", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Import_Rmatch8_Deactivation_RevokesTheAccountsRefreshTokens_AndAuditsIt_OthersUntouched()
    {
        var region = NewRegion();
        var importer = _database.Get<DirectoryImporter>();
        await importer.ImportAsync(region, Stream(Account("a1") + "\n" + Account("a2") + "\n"), DirectoryFileFormat.JsonLines, Hasher, CancellationToken.None);
        await RefreshTokenAsync(region, "a1");
        await RefreshTokenAsync(region, "a2");

        var report = await importer.ImportAsync(region, Stream(Account("a1", activated: false) + "\n"), DirectoryFileFormat.JsonLines, Hasher, CancellationToken.None);

        Assert.That((report.Updated, report.Deactivated, report.TokensRevoked), Is.EqualTo((1, 1, 1)));
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.refresh_tokens WHERE region_code = @r AND subject = 'a1' AND revoked_at IS NULL", region), Is.Zero);
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.refresh_tokens WHERE region_code = @r AND subject = 'a2' AND revoked_at IS NULL", region), Is.EqualTo(1));
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.audit_records WHERE region_code = @r AND event_type = 'directory_change' AND outcome = 'deactivated' AND rule_id = 'R-MATCH-8' AND diary_account_id = 'a1' AND detail LIKE 'directory import%'", region), Is.EqualTo(1));

        var again = await importer.ImportAsync(region, Stream(Account("a1", activated: false) + "\n"), DirectoryFileFormat.JsonLines, Hasher, CancellationToken.None);
        Assert.That((again.Unchanged, again.Deactivated), Is.EqualTo((1, 0)), "an account already inactive is not deactivated again");
    }

    private async Task RefreshTokenAsync(string region, string subject)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO broker.refresh_tokens (token_hash, family_id, client_id, subject, region_code, scope, session_id, auth_time, amr, created_at, expires_at)
            VALUES (@h, @h, 'web', @s, @r, 'openid offline_access', 'sid', now(), '{}', now(), now() + interval '1 day')
            """,
            connection);
        command.Parameters.AddWithValue("h", Guid.NewGuid().ToString("N"));
        command.Parameters.AddWithValue("s", subject);
        command.Parameters.AddWithValue("r", region);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ScalarAsync(string sql, string region)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("r", region);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private string NewRegion() => $"s{Interlocked.Increment(ref _region)}";
}
