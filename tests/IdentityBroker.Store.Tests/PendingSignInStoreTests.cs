using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.Stores;

namespace IdentityBroker.Store.Tests;

public sealed class PendingSignInStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));
    private StoreTestDatabase _database = null!;
    private IPendingSignInStore _store = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync("pending");
        _store = _database.Get<IPendingSignInStore>();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task ConsumeAsync_SavedPending_ReturnsItOnceThenNull()
    {
        var pending = NewPending(Now.AddMinutes(10));
        await _store.SaveAsync(pending, CancellationToken.None);

        var first = await _store.ConsumeAsync(pending.EsiaState, Now, CancellationToken.None);
        var second = await _store.ConsumeAsync(pending.EsiaState, Now, CancellationToken.None);

        Assert.That(first, Is.Not.Null);
        Assert.That(first!.Request, Is.EqualTo(pending.Request));
        Assert.That(first.BrowserBindingHash, Is.EqualTo(pending.BrowserBindingHash));
        Assert.That(first.CreatedAt, Is.EqualTo(pending.CreatedAt));
        Assert.That(first.ExpiresAt, Is.EqualTo(pending.ExpiresAt));
        Assert.That(second, Is.Null);
    }

    [Test]
    public async Task ConsumeAsync_FiftyConcurrentConsumers_ExactlyOneWins()
    {
        var pending = NewPending(Now.AddMinutes(10));
        await _store.SaveAsync(pending, CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(_ => Task.Run(() => _store.ConsumeAsync(pending.EsiaState, Now, CancellationToken.None))));

        Assert.That(results.Count(r => r is not null), Is.EqualTo(1));
    }

    [Test]
    public async Task ConsumeAsync_Expired_ReturnsNullAndRemovesRow()
    {
        var pending = NewPending(Now.AddSeconds(-1));
        await _store.SaveAsync(pending, CancellationToken.None);

        var result = await _store.ConsumeAsync(pending.EsiaState, Now, CancellationToken.None);

        Assert.That(result, Is.Null);
        await using var db = _database.CreateContext();
        Assert.That(db.PendingSignIns.Any(p => p.EsiaState == pending.EsiaState), Is.False);
    }

    [Test]
    public async Task ConsumeAsync_UnknownState_ReturnsNull()
    {
        Assert.That(await _store.ConsumeAsync(Guid.NewGuid(), Now, CancellationToken.None), Is.Null);
    }

    private static PendingSignIn NewPending(DateTimeOffset expiresAt) => new(
        Guid.NewGuid(),
        "binding-" + Guid.NewGuid().ToString("N"),
        new AuthorizationRequest("diary-web", "https://diary.example/cb", "openid profile", "st", "n-1", "challenge", "S256",
            "query", null, 300, null, "ru", "38"),
        Now,
        expiresAt);
}
