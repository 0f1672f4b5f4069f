using IdentityBroker.Core.Stores;

namespace IdentityBroker.Store.Tests;

public sealed class SigningKeyStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task AddIfNoneUsableAsync_TenConcurrentCallers_AddsExactlyOne()
    {
        await using var database = await StoreTestDatabase.CreateAsync("keys");
        var store = database.Get<ISigningKeyStore>();

        var added = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            store.AddIfNoneUsableAsync(NewKey($"k{i}", Now, Now.AddDays(30)), Now, CancellationToken.None))));

        Assert.That(added.Count(a => a), Is.EqualTo(1));
        Assert.That(await store.GetCurrentAsync(Now, CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AddIfNoneUsableAsync_OnlyRetiredKey_AddsAndListsNewestFirst()
    {
        await using var database = await StoreTestDatabase.CreateAsync("keys");
        var store = database.Get<ISigningKeyStore>();
        var old = NewKey("old", Now.AddDays(-40), Now.AddDays(-10));
        Assert.That(await store.AddIfNoneUsableAsync(old, Now.AddDays(-40), CancellationToken.None), Is.True);

        var fresh = NewKey("new", Now, Now.AddDays(30));
        var added = await store.AddIfNoneUsableAsync(fresh, Now, CancellationToken.None);

        Assert.That(added, Is.True);
        var current = await store.GetCurrentAsync(Now, CancellationToken.None);
        Assert.That(current.Select(k => k.KeyId), Is.EqualTo(new[] { "new", "old" }));
        Assert.That(current[0].ProtectedPrivateKey, Is.EqualTo(fresh.ProtectedPrivateKey));
        Assert.That(current[0] with { ProtectedPrivateKey = fresh.ProtectedPrivateKey }, Is.EqualTo(fresh));
    }

    [Test]
    public async Task AddIfNoneUsableAsync_SuccessorPublishedButNotYetActive_NoImmediateKeyInTheGap()
    {
        // The old key retired a moment ago; its successor was published and activates in two seconds. A rotation tick in
        // that gap must not add a third, immediately-signing key (which would skip the publish-ahead of the successor).
        await using var database = await StoreTestDatabase.CreateAsync("keys");
        var store = database.Get<ISigningKeyStore>();
        await store.AddIfNoneUsableAsync(NewKey("old", Now.AddDays(-30), Now.AddSeconds(-1)), Now.AddDays(-30), CancellationToken.None);
        var successor = NewKey("successor", Now.AddSeconds(-10), Now.AddDays(30)) with { ActivatesAt = Now.AddSeconds(2) };
        Assert.That(await store.AddIfNoneUsableAsync(successor, Now.AddSeconds(2), CancellationToken.None), Is.True);

        var withWindow = await store.AddIfNoneUsableAsync(NewKey("extra", Now, Now.AddDays(30)), Now, CancellationToken.None, activatesBy: Now.AddSeconds(5));
        Assert.That(withWindow, Is.False, "the published successor covers the gap");

        var withoutWindow = await store.AddIfNoneUsableAsync(NewKey("extra", Now, Now.AddDays(30)), Now, CancellationToken.None);
        Assert.That(withoutWindow, Is.True, "without the window nothing signs at Now, so a key is added");
    }

    [Test]
    public async Task GetCurrentAsync_ExpiredKey_Omitted()
    {
        await using var database = await StoreTestDatabase.CreateAsync("keys");
        var store = database.Get<ISigningKeyStore>();
        await store.AddIfNoneUsableAsync(NewKey("gone", Now.AddDays(-90), Now.AddDays(-60)), Now.AddDays(-90), CancellationToken.None);

        Assert.That(await store.GetCurrentAsync(Now, CancellationToken.None), Is.Empty);
    }

    private static SigningKeyRecord NewKey(string id, DateTimeOffset createdAt, DateTimeOffset retiresAt) => new(
        id,
        "ES256",
        $$"""{"kty":"EC","crv":"P-256","kid":"{{id}}","x":"x","y":"y"}""",
        [1, 2, 3, (byte)id.Length],
        createdAt,
        createdAt,
        retiresAt,
        retiresAt.AddDays(20));
}
