using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.Stores;

namespace IdentityBroker.Store.Tests;

public sealed class ExpiredStateCleanerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task DeleteExpiredAsync_MixedRows_DeletesOnlyExpired()
    {
        await using var database = await StoreTestDatabase.CreateAsync("cleanup");
        var pending = database.Get<IPendingSignInStore>();
        var codes = database.Get<IAuthorizationCodeStore>();
        var live = Guid.NewGuid();
        await pending.SaveAsync(NewPending(live, Now.AddMinutes(5)), CancellationToken.None);
        await pending.SaveAsync(NewPending(Guid.NewGuid(), Now.AddMinutes(-5)), CancellationToken.None);
        await codes.StoreAsync(NewCode("live", Now.AddMinutes(1)), CancellationToken.None);
        await codes.StoreAsync(NewCode("old", Now.AddMinutes(-1)), CancellationToken.None);

        var result = await database.Get<ExpiredStateCleaner>().DeleteExpiredAsync(Now, CancellationToken.None);

        Assert.That(result, Is.EqualTo(new CleanupResult(1, 1)));
        Assert.That((await codes.ConsumeAsync("old", Now.AddMinutes(-2), CancellationToken.None)).Status, Is.EqualTo(CodeConsumeStatus.NotFound));
        Assert.That((await codes.ConsumeAsync("live", Now, CancellationToken.None)).Status, Is.EqualTo(CodeConsumeStatus.Consumed));
        Assert.That(await pending.ConsumeAsync(live, Now, CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task DeleteExpiredAsync_ExpiredCodeKeptForReplay_NotDeletedBeforeKeepUntil()
    {
        await using var database = await StoreTestDatabase.CreateAsync("cleanup-keep");
        var codes = database.Get<IAuthorizationCodeStore>();
        await codes.StoreAsync(NewCode("kept", Now.AddMinutes(1)), CancellationToken.None);
        await codes.ConsumeAsync("kept", Now, CancellationToken.None);
        await codes.RecordIssuedAsync("kept", "jti", Now.AddMinutes(15), "family", Now.AddMinutes(15), CancellationToken.None);
        var cleaner = database.Get<ExpiredStateCleaner>();

        var beforeKeepUntil = await cleaner.DeleteExpiredAsync(Now.AddMinutes(10), CancellationToken.None);
        var replay = await codes.ConsumeAsync("kept", Now.AddMinutes(10), CancellationToken.None);
        var afterKeepUntil = await cleaner.DeleteExpiredAsync(Now.AddMinutes(15), CancellationToken.None);

        Assert.That(beforeKeepUntil!.AuthorizationCodes, Is.Zero);
        Assert.That(replay.Status, Is.EqualTo(CodeConsumeStatus.AlreadyConsumed));
        Assert.That(replay.Issued?.AccessTokenJti, Is.EqualTo("jti"));
        Assert.That(afterKeepUntil!.AuthorizationCodes, Is.EqualTo(1));
    }

    private static PendingSignIn NewPending(Guid state, DateTimeOffset expiresAt) => new(
        state,
        "binding",
        new AuthorizationRequest("c", "https://c.example/cb", "openid", null, null, null, null, "query", null, null, null, null, "38"),
        Now.AddMinutes(-10),
        expiresAt);

    private static AuthorizationCodeGrant NewCode(string hash, DateTimeOffset expiresAt) =>
        new(hash, "c", "https://c.example/cb", "d38-1", "38", "openid", null, null, null, "sid", Now, null, [], Now.AddMinutes(-2), expiresAt);
}
