using IdentityBroker.Core.Stores;

namespace IdentityBroker.Store.Tests;

public sealed class AuthorizationCodeStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private StoreTestDatabase _database = null!;
    private IAuthorizationCodeStore _store = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync("codes");
        _store = _database.Get<IAuthorizationCodeStore>();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task ConsumeAsync_FreshCode_ConsumedWithGrant()
    {
        var grant = NewGrant(Now.AddMinutes(1));
        await _store.StoreAsync(grant, CancellationToken.None);

        var result = await _store.ConsumeAsync(grant.CodeHash, Now, CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(CodeConsumeStatus.Consumed));
        AssertSameGrant(result.Grant, grant);
    }

    [Test]
    public async Task ConsumeAsync_SecondTime_AlreadyConsumedWithGrant()
    {
        var grant = NewGrant(Now.AddMinutes(1));
        await _store.StoreAsync(grant, CancellationToken.None);
        await _store.ConsumeAsync(grant.CodeHash, Now, CancellationToken.None);

        var replay = await _store.ConsumeAsync(grant.CodeHash, Now.AddSeconds(5), CancellationToken.None);

        Assert.That(replay.Status, Is.EqualTo(CodeConsumeStatus.AlreadyConsumed));
        AssertSameGrant(replay.Grant, grant);
    }

    [Test]
    public async Task ConsumeAsync_AfterExpiry_Expired()
    {
        var grant = NewGrant(Now.AddMinutes(1));
        await _store.StoreAsync(grant, CancellationToken.None);

        var result = await _store.ConsumeAsync(grant.CodeHash, Now.AddMinutes(1), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(CodeConsumeStatus.Expired));
        Assert.That(result.Grant, Is.Null);
    }

    [Test]
    public async Task ConsumeAsync_UnknownCode_NotFound()
    {
        var result = await _store.ConsumeAsync("no-such-hash", Now, CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(CodeConsumeStatus.NotFound));
        Assert.That(result.Grant, Is.Null);
    }

    [Test]
    public async Task ConsumeAsync_FiftyConcurrentConsumers_ExactlyOneConsumed()
    {
        var grant = NewGrant(Now.AddMinutes(1));
        await _store.StoreAsync(grant, CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(_ => Task.Run(() => _store.ConsumeAsync(grant.CodeHash, Now, CancellationToken.None))));

        Assert.That(results.Count(r => r.Status == CodeConsumeStatus.Consumed), Is.EqualTo(1));
        Assert.That(results.Count(r => r.Status == CodeConsumeStatus.AlreadyConsumed), Is.EqualTo(49));
    }

    [Test]
    public async Task ConsumeAsync_DpopBoundCode_DpopJktRoundTrips()
    {
        var grant = NewGrant(Now.AddMinutes(1)) with { DpopJkt = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I" };
        await _store.StoreAsync(grant, CancellationToken.None);

        var result = await _store.ConsumeAsync(grant.CodeHash, Now, CancellationToken.None);

        Assert.That(result.Grant?.DpopJkt, Is.EqualTo(grant.DpopJkt));
        AssertSameGrant(result.Grant, grant);
    }

    [Test]
    public async Task ConsumeAsync_ReplayAfterRecordIssued_AlreadyConsumedWithIssued()
    {
        var grant = NewGrant(Now.AddMinutes(1));
        await _store.StoreAsync(grant, CancellationToken.None);
        await _store.ConsumeAsync(grant.CodeHash, Now, CancellationToken.None);
        await _store.RecordIssuedAsync(grant.CodeHash, "jti-1", Now.AddMinutes(15), "family-1", Now.AddMinutes(15), CancellationToken.None);

        var replay = await _store.ConsumeAsync(grant.CodeHash, Now.AddSeconds(30), CancellationToken.None);

        Assert.That(replay.Status, Is.EqualTo(CodeConsumeStatus.AlreadyConsumed));
        Assert.That(replay.Issued, Is.EqualTo(new IssuedFromCode("jti-1", Now.AddMinutes(15), "family-1")));
    }

    [Test]
    public async Task ConsumeAsync_ReplayWithoutRecordIssued_IssuedIsNull()
    {
        var grant = NewGrant(Now.AddMinutes(1));
        await _store.StoreAsync(grant, CancellationToken.None);
        await _store.ConsumeAsync(grant.CodeHash, Now, CancellationToken.None);

        var replay = await _store.ConsumeAsync(grant.CodeHash, Now.AddSeconds(5), CancellationToken.None);

        Assert.That(replay.Status, Is.EqualTo(CodeConsumeStatus.AlreadyConsumed));
        Assert.That(replay.Issued, Is.Null);
    }

    [Test]
    public async Task RecordIssuedAsync_UnconsumedCode_RecordsNothing()
    {
        var grant = NewGrant(Now.AddMinutes(1));
        await _store.StoreAsync(grant, CancellationToken.None);

        await _store.RecordIssuedAsync(grant.CodeHash, "jti-x", Now.AddMinutes(15), null, Now.AddMinutes(15), CancellationToken.None);
        await _store.ConsumeAsync(grant.CodeHash, Now, CancellationToken.None);
        var replay = await _store.ConsumeAsync(grant.CodeHash, Now, CancellationToken.None);

        Assert.That(replay.Issued, Is.Null);
    }

    private static void AssertSameGrant(AuthorizationCodeGrant? actual, AuthorizationCodeGrant expected)
    {
        Assert.That(actual, Is.Not.Null);
        Assert.That(actual! with { Amr = expected.Amr }, Is.EqualTo(expected));
        Assert.That(actual.Amr, Is.EqualTo(expected.Amr));
    }

    private static AuthorizationCodeGrant NewGrant(DateTimeOffset expiresAt) => new(
        Guid.NewGuid().ToString("N"),
        "diary-web",
        "https://diary.example/cb",
        "d38-1001",
        "38",
        "openid profile",
        "nonce-1",
        "challenge",
        "S256",
        "sid-1",
        Now.AddSeconds(-30),
        "urn:esia:loa:2",
        ["pwd", "otp"],
        Now,
        expiresAt);
}
