using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.Stores;

namespace IdentityBroker.Store.Tests;

public sealed class PushedRequestStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private StoreTestDatabase _database = null!;
    private IPushedRequestStore _store = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync("par");
        _store = _database.Get<IPushedRequestStore>();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task ConsumeAsync_Twice_FirstReturnsRequestSecondNull()
    {
        var hash = NewHash();
        var request = NewRequest("diary-web");
        await _store.SaveAsync(hash, request, "jkt-1", Now.AddSeconds(60), CancellationToken.None);

        var first = await _store.ConsumeAsync(hash, "diary-web", Now, CancellationToken.None);
        var second = await _store.ConsumeAsync(hash, "diary-web", Now, CancellationToken.None);

        Assert.That(first?.Request, Is.EqualTo(request));
        Assert.That(first?.DpopJkt, Is.EqualTo("jkt-1"));
        Assert.That(second, Is.Null);
    }

    [Test]
    public async Task ConsumeAsync_OtherClient_NullAndOwnerCanStillUseIt()
    {
        var hash = NewHash();
        await _store.SaveAsync(hash, NewRequest("diary-web"), null, Now.AddSeconds(60), CancellationToken.None);

        var stolen = await _store.ConsumeAsync(hash, "diary-mobile", Now, CancellationToken.None);
        var owner = await _store.ConsumeAsync(hash, "diary-web", Now, CancellationToken.None);

        Assert.That(stolen, Is.Null);
        Assert.That(owner?.Request.ClientId, Is.EqualTo("diary-web"));
        Assert.That(owner?.DpopJkt, Is.Null);
    }

    [Test]
    public async Task ConsumeAsync_AtExpiry_Null()
    {
        var hash = NewHash();
        await _store.SaveAsync(hash, NewRequest("diary-web"), null, Now.AddSeconds(60), CancellationToken.None);

        Assert.That(await _store.ConsumeAsync(hash, "diary-web", Now.AddSeconds(60), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task ConsumeAsync_TwentyConcurrentUses_ExactlyOneGetsTheRequest()
    {
        var hash = NewHash();
        await _store.SaveAsync(hash, NewRequest("diary-web"), null, Now.AddSeconds(60), CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => Task.Run(() => _store.ConsumeAsync(hash, "diary-web", Now, CancellationToken.None))));

        Assert.That(results.Count(r => r is not null), Is.EqualTo(1));
    }

    private static string NewHash() => Guid.NewGuid().ToString("N");

    private static AuthorizationRequest NewRequest(string clientId) =>
        new(clientId, "https://diary.example/cb", "openid profile", "state-1", "nonce-1", "challenge", "S256", "query", null, 300, null, "ru", "38", "jkt-1");
}
