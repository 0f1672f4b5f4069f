using IdentityBroker.Core.Stores;

namespace IdentityBroker.Store.Tests;

public sealed class RevokedTokenStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private StoreTestDatabase _database = null!;
    private IRevokedTokenStore _store = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync("revoked");
        _store = _database.Get<IRevokedTokenStore>();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task IsRevokedAsync_RevokedJti_TrueAndOtherFalse()
    {
        var jti = Guid.NewGuid().ToString("N");

        await _store.RevokeAsync(jti, Now.AddMinutes(15), CancellationToken.None);

        Assert.That(await _store.IsRevokedAsync(jti, CancellationToken.None), Is.True);
        Assert.That(await _store.IsRevokedAsync(Guid.NewGuid().ToString("N"), CancellationToken.None), Is.False);
    }

    [Test]
    public async Task RevokeAsync_Twice_KeepsTheLaterExpiry()
    {
        var jti = Guid.NewGuid().ToString("N");
        await _store.RevokeAsync(jti, Now.AddMinutes(15), CancellationToken.None);

        await _store.RevokeAsync(jti, Now.AddMinutes(5), CancellationToken.None);

        await using var db = _database.CreateContext();
        Assert.That(db.RevokedAccessTokens.Single(r => r.Jti == jti).ExpiresAt, Is.EqualTo(Now.AddMinutes(15)));
    }
}
