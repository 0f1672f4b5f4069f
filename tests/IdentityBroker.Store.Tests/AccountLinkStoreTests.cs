using IdentityBroker.Core.Stores;

namespace IdentityBroker.Store.Tests;

public sealed class AccountLinkStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private StoreTestDatabase _database = null!;
    private IAccountLinkStore _store = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync("links");
        _store = _database.Get<IAccountLinkStore>();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task LinkAsync_TwentyConcurrentSameLink_OneRowOneCreated()
    {
        var subject = Guid.NewGuid().ToString("N");
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            _store.LinkAsync(new AccountLink("38", subject, "d38-1001", LinkMethods.NameAndSnils, Now.AddMilliseconds(i)), CancellationToken.None))));

        Assert.That(results.Count(r => r.Created), Is.EqualTo(1));
        var stored = await _store.FindAsync("38", subject, CancellationToken.None);
        Assert.That(stored, Has.Count.EqualTo(1));
        Assert.That(results.Select(r => r.Link), Has.All.EqualTo(stored[0]));
    }

    [Test]
    public async Task LinkAsync_Existing_ReturnsStoredLinkNotCreated()
    {
        var subject = Guid.NewGuid().ToString("N");
        var first = new AccountLink("38", subject, "d38-1001", LinkMethods.NameAndSnils, Now);
        await _store.LinkAsync(first, CancellationToken.None);

        var (link, created) = await _store.LinkAsync(first with { Method = LinkMethods.DiaryPassword, LinkedAt = Now.AddDays(1) }, CancellationToken.None);

        Assert.That(created, Is.False);
        Assert.That(link, Is.EqualTo(first));
    }

    [Test]
    public async Task FindAsync_SeveralAccounts_ReturnsAllOfThatRegionOnly()
    {
        var subject = Guid.NewGuid().ToString("N");
        await _store.LinkAsync(new AccountLink("38", subject, "d38-1001", LinkMethods.NameAndSnils, Now), CancellationToken.None);
        await _store.LinkAsync(new AccountLink("38", subject, "d38-3001", LinkMethods.NameAndSnils, Now.AddMinutes(1)), CancellationToken.None);
        await _store.LinkAsync(new AccountLink("24", subject, "d24-1", LinkMethods.NameAndBirthDate, Now), CancellationToken.None);

        var links = await _store.FindAsync("38", subject, CancellationToken.None);

        Assert.That(links.Select(l => l.DiaryAccountId), Is.EqualTo(new[] { "d38-1001", "d38-3001" }));
    }

    [Test]
    public async Task UnlinkAsync_ExistingThenMissing_TrueThenFalse()
    {
        var subject = Guid.NewGuid().ToString("N");
        await _store.LinkAsync(new AccountLink("38", subject, "d38-1001", LinkMethods.NameAndSnils, Now), CancellationToken.None);

        Assert.That(await _store.UnlinkAsync("38", subject, "d38-1001", CancellationToken.None), Is.True);
        Assert.That(await _store.UnlinkAsync("38", subject, "d38-1001", CancellationToken.None), Is.False);
        Assert.That(await _store.FindAsync("38", subject, CancellationToken.None), Is.Empty);
    }
}
