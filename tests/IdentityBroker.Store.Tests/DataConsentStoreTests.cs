using IdentityBroker.Core.Consent;
using IdentityBroker.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Tests;

/// <summary>R-CONSENT-1: first-login data consents on PostgreSQL.</summary>
public sealed class DataConsentStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private StoreTestDatabase _database = null!;
    private IDataConsentStore _store = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync("data-consents");
        _store = _database.Get<IDataConsentStore>();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task GrantAsync_Rconsent1_NewPerson_ActiveConsentFound()
    {
        var person = NewPerson();

        var granted = await _store.GrantAsync("38", person, "v1", "diary-web", Now, CancellationToken.None);

        Assert.That(granted with { Id = 0 }, Is.EqualTo(new DataConsent(0, "38", person, "v1", "diary-web", Now, null)));
        Assert.That(await _store.FindActiveAsync("38", person, CancellationToken.None), Is.EqualTo(granted));
        Assert.That(await _store.FindActiveAsync("24", person, CancellationToken.None), Is.Null);
        Assert.That(await _store.FindActiveAsync("38", NewPerson(), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task GrantAsync_Rconsent1_SameVersionTwice_OneActiveRowTheFirst()
    {
        var person = NewPerson();
        var first = await _store.GrantAsync("38", person, "v1", "diary-web", Now, CancellationToken.None);

        var second = await _store.GrantAsync("38", person, "v1", "diary-mobile", Now.AddMinutes(1), CancellationToken.None);

        Assert.That(second, Is.EqualTo(first));
        Assert.That(await RowsAsync(person), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task GrantAsync_Rconsent1_NewVersion_ClosesTheOldOneAndKeepsIt()
    {
        var person = NewPerson();
        var old = await _store.GrantAsync("38", person, "v1", "diary-web", Now, CancellationToken.None);

        var current = await _store.GrantAsync("38", person, "v2", "diary-web", Now.AddDays(30), CancellationToken.None);

        Assert.That(current.TextVersion, Is.EqualTo("v2"));
        Assert.That(current.RevokedAt, Is.Null);
        Assert.That(await _store.FindActiveAsync("38", person, CancellationToken.None), Is.EqualTo(current));
        Assert.That(await RowsAsync(person), Is.EqualTo(new[] { old with { RevokedAt = Now.AddDays(30) }, current }));
    }

    [Test]
    public async Task GrantAsync_Rconsent1_TwentyParallelMixedVersions_OneActiveNoErrors()
    {
        var person = NewPerson();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            _store.GrantAsync("38", person, i % 2 == 0 ? "v1" : "v2", "diary-web", Now.AddMilliseconds(i), CancellationToken.None))));

        var rows = await RowsAsync(person);
        Assert.That(rows.Count(r => r.RevokedAt is null), Is.EqualTo(1));
        Assert.That(results.Select(r => r.RevokedAt), Has.All.Null);
        Assert.That(results.All(r => rows.Any(row => row.Id == r.Id)), Is.True);
        Assert.That(results.Select((r, i) => r.TextVersion == (i % 2 == 0 ? "v1" : "v2")), Has.All.True, "each caller gets a consent to the version it granted");
    }

    [Test]
    public async Task RevokeAsync_Rconsent1_Active_RevokedRowKeptThenNothingToRevoke()
    {
        var person = NewPerson();
        var granted = await _store.GrantAsync("38", person, "v1", "diary-web", Now, CancellationToken.None);
        await _store.GrantAsync("24", person, "v1", "diary-web", Now, CancellationToken.None);

        Assert.That(await _store.RevokeAsync("38", person, Now.AddHours(1), CancellationToken.None), Is.True);
        Assert.That(await _store.RevokeAsync("38", person, Now.AddHours(2), CancellationToken.None), Is.False);

        Assert.That(await _store.FindActiveAsync("38", person, CancellationToken.None), Is.Null);
        Assert.That(await _store.FindActiveAsync("24", person, CancellationToken.None), Is.Not.Null);
        Assert.That((await RowsAsync(person)).Where(r => r.RegionCode == "38"), Is.EqualTo(new[] { granted with { RevokedAt = Now.AddHours(1) } }));
        Assert.That(await _store.RevokeAsync("38", NewPerson(), Now, CancellationToken.None), Is.False);
    }

    [Test]
    public async Task GrantAsync_Rconsent1_AfterRevoke_NewActiveConsent()
    {
        var person = NewPerson();
        await _store.GrantAsync("38", person, "v1", "diary-web", Now, CancellationToken.None);
        await _store.RevokeAsync("38", person, Now.AddHours(1), CancellationToken.None);

        var again = await _store.GrantAsync("38", person, "v1", "diary-web", Now.AddHours(2), CancellationToken.None);

        Assert.That(again.GrantedAt, Is.EqualTo(Now.AddHours(2)));
        Assert.That(await RowsAsync(person), Has.Count.EqualTo(2));
    }

    private async Task<List<DataConsent>> RowsAsync(string person)
    {
        await using var db = _database.CreateContext();
        var rows = await db.DataConsents.AsNoTracking().Where(c => c.EsiaSubjectHash == person).OrderBy(c => c.Id).ToListAsync();
        return rows.Select(Mapping.ConsentMapper.ToRecord).ToList();
    }

    private static string NewPerson() => Guid.NewGuid().ToString("N");
}
