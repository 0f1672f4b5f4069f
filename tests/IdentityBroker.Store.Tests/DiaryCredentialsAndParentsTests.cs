using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Entities;
using Npgsql;

namespace IdentityBroker.Store.Tests;

/// <summary>The directory lookups of manual linking (R-MATCH-6) and consent requests (R-CONSENT-3), over rows written
/// directly (the importer's own tests are DirectoryImporterTests).</summary>
public sealed class DiaryCredentialsAndParentsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private StoreTestDatabase _database = null!;
    private IDiaryDirectory _directory = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync("credentials");
        _directory = _database.Get<IDiaryDirectory>();
        await using var db = _database.CreateContext();
        db.DiaryAccounts.AddRange(
            Account("38", "p-1", "Petrov.Ivan", "hash-1"),
            Account("38", "p-2", "ivanova", null),
            Account("38", "s-1", "Sidorov", "hash-s1"),
            Account("38", "s-2", "SIDOROV", "hash-s2"),
            Account("38", "k-1", "child.one", null),
            Account("24", "p-1", "petrov.ivan", "hash-24"));
        db.DiaryRelations.AddRange(
            new DiaryRelationEntity { RegionCode = "38", ParentId = "p-1", ChildId = "k-1" },
            new DiaryRelationEntity { RegionCode = "38", ParentId = "p-2", ChildId = "k-1" },
            new DiaryRelationEntity { RegionCode = "38", ParentId = "p-2", ChildId = "k-2" },
            new DiaryRelationEntity { RegionCode = "24", ParentId = "p-1", ChildId = "k-1" });
        await db.SaveChangesAsync();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task FindCredentialsByLoginAsync_Rmatch6_AnyCase_FindsTheRegionsAccountWithItsHash()
    {
        Assert.That(await Credentials("38", "PETROV.ivan"), Is.EqualTo(new DiaryCredentials("p-1", "Petrov.Ivan", "hash-1")));
        Assert.That(await Credentials("24", "Petrov.Ivan"), Is.EqualTo(new DiaryCredentials("p-1", "petrov.ivan", "hash-24")));
        Assert.That(await Credentials("38", "Ivanova"), Is.EqualTo(new DiaryCredentials("p-2", "ivanova", null)));
        Assert.That(await Credentials("38", "nobody"), Is.Null);
        Assert.That(await Credentials("77", "petrov.ivan"), Is.Null);
    }

    [Test]
    public async Task FindCredentialsByLoginAsync_Rmatch6_LoginsDifferingOnlyInCase_ExactSpellingOrNothing()
    {
        Assert.That((await Credentials("38", "Sidorov"))?.AccountId, Is.EqualTo("s-1"));
        Assert.That((await Credentials("38", "SIDOROV"))?.AccountId, Is.EqualTo("s-2"));
        Assert.That(await Credentials("38", "sidorov"), Is.Null);
    }

    [Test]
    public async Task FindCredentialsByLoginAsync_Rmatch6_UsesTheLowerLoginIndex()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SET enable_seqscan = off; EXPLAIN SELECT * FROM broker.diary_accounts WHERE region_code = '38' AND lower(login) = lower('X')", connection);
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.That(string.Join('\n', plan), Does.Contain("ix_diary_accounts_region_code_lower_login"));
    }

    [Test]
    public async Task FindParentsAsync_Rconsent3_ParentsTheDiaryLinksToTheChild()
    {
        var parents = await _directory.FindParentsAsync("38", "k-1", CancellationToken.None);

        Assert.That(parents.Select(p => p.Id), Is.EqualTo(new[] { "p-1", "p-2" }));
        Assert.That(parents[1].ChildIds, Is.EqualTo(new[] { "k-1", "k-2" }));
        Assert.That((await _directory.FindParentsAsync("24", "k-1", CancellationToken.None)).Select(p => (p.RegionCode, p.Id)), Is.EqualTo(new[] { ("24", "p-1") }));
        Assert.That(await _directory.FindParentsAsync("38", "p-1", CancellationToken.None), Is.Empty);
    }

    private Task<DiaryCredentials?> Credentials(string region, string login) => _directory.FindCredentialsByLoginAsync(region, login, CancellationToken.None);

    private static DiaryAccountEntity Account(string region, string id, string login, string? passwordHash) => new()
    {
        RegionCode = region,
        Id = id,
        Login = login,
        LastName = "Петров",
        FirstName = "Иван",
        NormalizedName = "петров иван",
        Roles = ["parent"],
        Schools = "[]",
        Activated = true,
        PasswordHash = passwordHash,
        ImportedAt = Now,
        UpdatedAt = Now,
    };
}
