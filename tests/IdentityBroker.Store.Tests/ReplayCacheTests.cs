using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Stores;
using IdentityBroker.Testing;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Tests;

public sealed class ReplayCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private StoreTestDatabase _database = null!;
    private SettableClock _time = null!;
    private ReplayCache _cache = null!;

    [OneTimeSetUp]
    public async Task SetUp() => _database = await StoreTestDatabase.CreateAsync("replay");

    [SetUp]
    public void SetUpClock()
    {
        _time = new SettableClock(Now);
        _cache = new ReplayCache(_database.Get<IDbContextFactory<BrokerDbContext>>(), _time);
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task TryAddAsync_SameKeyTwice_SecondFalse()
    {
        var key = "dpop:" + Guid.NewGuid().ToString("N");

        Assert.That(await _cache.TryAddAsync(key, Now.AddMinutes(5), CancellationToken.None), Is.True);
        Assert.That(await _cache.TryAddAsync(key, Now.AddMinutes(5), CancellationToken.None), Is.False);
    }

    [Test]
    public async Task TryAddAsync_AfterEarlierEntryExpired_TrueAgainThenFalse()
    {
        var key = "dpop:" + Guid.NewGuid().ToString("N");
        await _cache.TryAddAsync(key, Now.AddMinutes(5), CancellationToken.None);
        _time.UtcNow = Now.AddMinutes(5);

        Assert.That(await _cache.TryAddAsync(key, Now.AddMinutes(10), CancellationToken.None), Is.True);
        Assert.That(await _cache.TryAddAsync(key, Now.AddMinutes(10), CancellationToken.None), Is.False);
    }

    [Test]
    public async Task TryAddAsync_TwentyConcurrentAdds_ExactlyOneTrue()
    {
        var key = "assertion:" + Guid.NewGuid().ToString("N");

        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => Task.Run(() => _cache.TryAddAsync(key, Now.AddMinutes(5), CancellationToken.None))));

        Assert.That(results.Count(r => r), Is.EqualTo(1));
    }

    [Test]
    public async Task TryAddAsync_ResolvedFromServices_UsesTheRegisteredClock()
    {
        var registered = _database.Get<IReplayCache>();
        var key = "dpop:" + Guid.NewGuid().ToString("N");

        Assert.That(await registered.TryAddAsync(key, DateTimeOffset.UtcNow.AddMinutes(5), CancellationToken.None), Is.True);
        Assert.That(await registered.TryAddAsync(key, DateTimeOffset.UtcNow.AddMinutes(5), CancellationToken.None), Is.False);
    }
}
