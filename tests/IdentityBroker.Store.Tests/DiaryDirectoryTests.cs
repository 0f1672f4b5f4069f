using IdentityBroker.Core.Directory;
using IdentityBroker.Core.People;
using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Directory;
using static IdentityBroker.Store.Tests.DirectoryTestData;

namespace IdentityBroker.Store.Tests;

public sealed class DiaryDirectoryTests
{
    private const string Region = "38";
    private StoreTestDatabase _database = null!;
    private IDiaryDirectory _directory = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync("directory");
        _directory = _database.Get<IDiaryDirectory>();
        await _database.Get<DirectoryImporter>().ImportAsync(Region, Stream(JsonLines), DirectoryFileFormat.JsonLines, Hasher, CancellationToken.None);
        await _database.Get<DirectoryImporter>().ImportAsync("24", Stream(JsonLines), DirectoryFileFormat.JsonLines, Hasher, CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task FindBySnilsHashAsync_ImportedSnils_FindsOnlyThatRegionsAccount()
    {
        Assert.That(Snils.TryParse(ParentSnils, out var snils), Is.True);

        var found = await _directory.FindBySnilsHashAsync(Region, Hasher.HashSnils(snils!), CancellationToken.None);

        Assert.That(found.Select(a => (a.Id, a.RegionCode)), Is.EqualTo(new[] { ("d38-1001", Region) }));
    }

    /// <summary>Issue #11: snils_hash is stored as the HMAC's 32 bytes (bytea), returned as the hasher's hex.</summary>
    [Test]
    public async Task FindBySnilsHashAsync_StoredAsBytes_ReturnsTheHexAndIgnoresKeysThatAreNoHash()
    {
        Assert.That(Snils.TryParse(ParentSnils, out var snils), Is.True);
        var hash = Hasher.HashSnils(snils!);
        await using var connection = new Npgsql.NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT octet_length(snils_hash) FROM broker.diary_accounts WHERE region_code = '38' AND id = 'd38-1001'", connection);

        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(32));
        Assert.That((await _directory.GetAsync(Region, "d38-1001", CancellationToken.None))!.SnilsHash, Is.EqualTo(hash));
        Assert.That(await _directory.FindBySnilsHashAsync(Region, hash.ToUpperInvariant(), CancellationToken.None), Has.Count.EqualTo(1));
        Assert.That(await _directory.FindBySnilsHashAsync(Region, "not-a-hash", CancellationToken.None), Is.Empty);
        Assert.That(await _directory.FindBySnilsHashAsync(Region, "abc", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task FindByNormalizedNameAsync_OtherCaseAndYo_FindsAccount()
    {
        var key = new PersonName("  ПЕТРОВА ", "АЛЕНА", "ивановна").Normalized;

        var found = await _directory.FindByNormalizedNameAsync(Region, key, CancellationToken.None);

        Assert.That(found.Select(a => a.Id), Is.EqualTo(new[] { "d38-2001" }));
        Assert.That(found[0].Name, Is.EqualTo(new PersonName("Петрова", "Алёна", "Ивановна")));
    }

    [Test]
    public async Task FindByBirthDateAsync_ImportedDate_FindsAccount()
    {
        var found = await _directory.FindByBirthDateAsync(Region, new DateOnly(1980, 1, 15), CancellationToken.None);

        Assert.That(found.Select(a => a.Id), Is.EqualTo(new[] { "d38-3001" }));
    }

    [Test]
    public async Task GetAsync_ImportedParent_MapsEveryField()
    {
        var account = await _directory.GetAsync(Region, "d38-1001", CancellationToken.None);

        Assert.That(account, Is.Not.Null);
        Assert.That(Snils.TryParse(ParentSnils, out var snils), Is.True);
        Assert.That(account!.Login, Is.EqualTo("petrov.is"));
        Assert.That(account.Name, Is.EqualTo(new PersonName("Петров", "Иван", "Сергеевич")));
        Assert.That(account.BirthDate, Is.EqualTo(new DateOnly(1985, 3, 7)));
        Assert.That(account.Gender, Is.EqualTo(Gender.Male));
        Assert.That(account.SnilsHash, Is.EqualTo(Hasher.HashSnils(snils!)));
        Assert.That(account.BirthCertificateHash, Is.EqualTo(Hasher.HashBirthCertificate("II-СТ", "123456")));
        Assert.That(account.Roles, Is.EqualTo(new[] { DiaryRole.Parent }));
        Assert.That(account.Schools, Is.EqualTo(new[] { new School("38-s-001", "МБОУ СОШ № 1 г. Иркутска") }));
        Assert.That(account.IsActivated, Is.True);
        Assert.That(account.ChildIds, Is.EqualTo(new[] { "d38-2001" }));
    }

    [Test]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        Assert.That(await _directory.GetAsync(Region, "nobody", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task ImportedTables_AnyColumn_HoldNoSnilsDigits()
    {
        var text = await DirectoryTable.AllTextAsync(_database.ConnectionString);

        Assert.That(text, Does.Contain("petrov.is"), "the query must see the imported rows");
        foreach (var snils in new[] { ParentSnils, StaffSnils })
        {
            var digits = new string(snils.Where(char.IsAsciiDigit).ToArray());
            Assert.That(text, Does.Not.Contain(snils));
            Assert.That(text, Does.Not.Contain(digits));
            Assert.That(text, Does.Not.Contain(digits[..9]));
        }

        Assert.That(text, Does.Not.Contain("123456"), "birth certificate number");
    }
}
