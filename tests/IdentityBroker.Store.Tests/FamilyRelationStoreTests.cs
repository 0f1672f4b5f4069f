using IdentityBroker.Core.Consent;
using IdentityBroker.Core.Stores;

namespace IdentityBroker.Store.Tests;

/// <summary>R-CONSENT-6: parent–child relations verified from ESIA, on PostgreSQL.</summary>
public sealed class FamilyRelationStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private StoreTestDatabase _database = null!;
    private IFamilyRelationStore _store = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync("family");
        _store = _database.Get<IFamilyRelationStore>();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task ReplaceAsync_Rconsent6_StoresChildrenFoundFromBothSides()
    {
        var parent = NewHash();
        var child = NewHash();
        var children = new[] { Relation("38", parent, child + "-a", "kid-hash", Now), Relation("38", parent, child + "-b", null, Now) };

        await _store.ReplaceAsync("38", parent, children, CancellationToken.None);

        Assert.That(await _store.FindChildrenAsync("38", parent, CancellationToken.None), Is.EqualTo(children));
        Assert.That(await _store.FindParentsAsync("38", child + "-a", CancellationToken.None), Is.EqualTo(new[] { children[0] }));
        Assert.That(await _store.FindChildrenAsync("24", parent, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task ReplaceAsync_Rconsent6_SecondSignIn_ReplacesTheWholeSetOfThatParentOnly()
    {
        var parent = NewHash();
        var otherParent = NewHash();
        var child = NewHash();
        await _store.ReplaceAsync("38", parent, [Relation("38", parent, child + "-a", null, Now), Relation("38", parent, child + "-b", null, Now)], CancellationToken.None);
        await _store.ReplaceAsync("38", otherParent, [Relation("38", otherParent, child + "-a", null, Now)], CancellationToken.None);

        var later = Relation("38", parent, child + "-a", "kid", Now.AddDays(1));
        await _store.ReplaceAsync("38", parent, [later], CancellationToken.None);

        Assert.That(await _store.FindChildrenAsync("38", parent, CancellationToken.None), Is.EqualTo(new[] { later }));
        Assert.That((await _store.FindParentsAsync("38", child + "-a", CancellationToken.None)).Select(r => r.ParentEsiaSubjectHash),
            Is.EquivalentTo(new[] { parent, otherParent }));
        Assert.That(await _store.FindParentsAsync("38", child + "-b", CancellationToken.None), Is.Empty);

        await _store.ReplaceAsync("38", parent, [], CancellationToken.None);
        Assert.That(await _store.FindChildrenAsync("38", parent, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task ReplaceAsync_Rconsent6_TenParallelSignInsOfOneParent_OneWholeSetNoErrors()
    {
        var parent = NewHash();
        var sets = Enumerable.Range(0, 10)
            .Select(i => (IReadOnlyList<FamilyRelation>)[Relation("38", parent, "shared", null, Now.AddSeconds(i)), Relation("38", parent, $"only-{i}", null, Now.AddSeconds(i))])
            .ToList();

        await Task.WhenAll(sets.Select(set => Task.Run(() => _store.ReplaceAsync("38", parent, set, CancellationToken.None))));

        var stored = await _store.FindChildrenAsync("38", parent, CancellationToken.None);
        Assert.That(sets.Any(set => set.OrderBy(r => r.ChildAccountId, StringComparer.Ordinal).SequenceEqual(stored)), Is.True, string.Join(", ", stored));
    }

    [Test]
    public void ReplaceAsync_RelationOfAnotherParent_Refused()
    {
        var parent = NewHash();

        Assert.ThrowsAsync<ArgumentException>(() => _store.ReplaceAsync("38", parent, [Relation("38", NewHash(), "c", null, Now)], CancellationToken.None));
    }

    private static FamilyRelation Relation(string region, string parent, string child, string? childHash, DateTimeOffset at) => new(region, parent, child, childHash, at);

    private static string NewHash() => Guid.NewGuid().ToString("N");
}
