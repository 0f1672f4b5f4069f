using IdentityBroker.Core.Stores;

namespace IdentityBroker.Store.Tests;

public sealed class RefreshTokenStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryWindow = TimeSpan.FromMinutes(10);
    private StoreTestDatabase _database = null!;
    private IRefreshTokenStore _store = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync("refresh");
        _store = _database.Get<IRefreshTokenStore>();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task UseAsync_FreshToken_RotatedAndSuccessorStoredInFamily()
    {
        var token = await CreateAsync();
        var successor = NewToken("some-other-family", "sid-1");

        var result = await UseAsync(token, successor, Now);

        Assert.That(result.Status, Is.EqualTo(RefreshUseStatus.Rotated));
        Assert.That(result.Token?.TokenHash, Is.EqualTo(token.TokenHash));
        Assert.That(result.Successor?.TokenHash, Is.EqualTo(successor.TokenHash));
        Assert.That(result.Successor?.FamilyId, Is.EqualTo(token.FamilyId));
        Assert.That(result.ProtectedSuccessorHandle, Is.EqualTo(Handle(successor)));
        var stored = await _store.FindAsync(successor.TokenHash, Now, CancellationToken.None);
        Assert.That(stored?.FamilyId, Is.EqualTo(token.FamilyId));
        Assert.That(stored?.Amr, Is.EqualTo(successor.Amr));
        Assert.That(await _store.FindAsync(token.TokenHash, Now, CancellationToken.None), Is.Null, "a used token is no longer usable");
    }

    [Test]
    public async Task UseAsync_ThirtyConcurrentFirstUses_OneRotatedOthersGraceReplayWithSameSuccessor()
    {
        var token = await CreateAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ =>
            Task.Run(() => UseAsync(token, NewToken(token.FamilyId, token.SessionId), Now))));

        var rotated = results.Where(r => r.Status == RefreshUseStatus.Rotated).ToList();
        Assert.That(rotated, Has.Count.EqualTo(1));
        Assert.That(results.Count(r => r.Status == RefreshUseStatus.GraceReplay), Is.EqualTo(29));
        var winner = rotated[0];
        Assert.That(results.Select(r => r.Successor?.TokenHash).Distinct(), Is.EqualTo(new[] { winner.Successor!.TokenHash }));
        Assert.That(results.All(r => r.ProtectedSuccessorHandle!.SequenceEqual(winner.ProtectedSuccessorHandle!)), Is.True);
    }

    [Test]
    public async Task UseAsync_ReplayInsideGrace_GraceReplayWithSameSuccessorAndNothingWritten()
    {
        var token = await CreateAsync();
        var successor = NewToken(token.FamilyId, token.SessionId);
        await UseAsync(token, successor, Now);

        var replay = await UseAsync(token, NewToken(token.FamilyId, token.SessionId), Now.AddSeconds(10));

        Assert.That(replay.Status, Is.EqualTo(RefreshUseStatus.GraceReplay));
        Assert.That(replay.Successor?.TokenHash, Is.EqualTo(successor.TokenHash));
        Assert.That(replay.ProtectedSuccessorHandle, Is.EqualTo(Handle(successor)));
        Assert.That(await _store.FindAsync(successor.TokenHash, Now, CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task UseAsync_ReplayOfOlderMemberInsideGrace_ReturnsSuccessorStoredAtItsFirstUse()
    {
        var a = await CreateAsync();
        var b = NewToken(a.FamilyId, a.SessionId);
        var c = NewToken(a.FamilyId, a.SessionId);
        await UseAsync(a, b, Now);
        await UseAsync(b, c, Now.AddSeconds(5));

        var replayA = await UseAsync(a, NewToken(a.FamilyId, a.SessionId), Now.AddSeconds(10));

        // Documented behaviour: A's successor is B (already rotated to C), never C and never a new token.
        Assert.That(replayA.Status, Is.EqualTo(RefreshUseStatus.GraceReplay));
        Assert.That(replayA.Successor?.TokenHash, Is.EqualTo(b.TokenHash));
        Assert.That(replayA.ProtectedSuccessorHandle, Is.EqualTo(Handle(b)));
    }

    [Test]
    public async Task UseAsync_GraceReplayAfterFamilyRevoked_Invalid()
    {
        var token = await CreateAsync();
        await UseAsync(token, NewToken(token.FamilyId, token.SessionId), Now);
        await _store.RevokeFamilyAsync(token.FamilyId, Now.AddSeconds(1), CancellationToken.None);

        var replay = await UseAsync(token, NewToken(token.FamilyId, token.SessionId), Now.AddSeconds(2));

        Assert.That(replay.Status, Is.EqualTo(RefreshUseStatus.Invalid));
        Assert.That(replay.Successor, Is.Null);
    }

    [Test]
    public async Task UseAsync_ReplayAfterGrace_ReuseDetectedAndWholeFamilyInvalid()
    {
        var a = await CreateAsync();
        var b = NewToken(a.FamilyId, a.SessionId);
        var c = NewToken(a.FamilyId, a.SessionId);
        await UseAsync(a, b, Now);
        await UseAsync(b, c, Now.AddSeconds(5));

        var reuse = await UseAsync(a, NewToken(a.FamilyId, a.SessionId), Now + Grace + TimeSpan.FromSeconds(1));

        Assert.That(reuse.Status, Is.EqualTo(RefreshUseStatus.ReuseDetected));
        Assert.That(reuse.Token?.TokenHash, Is.EqualTo(a.TokenHash));
        var later = Now + Grace + TimeSpan.FromSeconds(2);
        foreach (var member in new[] { a, b, c })
        {
            var result = await UseAsync(member, NewToken(a.FamilyId, a.SessionId), later);
            Assert.That(result.Status, Is.EqualTo(RefreshUseStatus.Invalid), member == c ? "the newest successor" : "an older member");
        }

        Assert.That(await _store.FindAsync(c.TokenHash, later, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task UseAsync_RetryAfterGrace_SuccessorUnused_RetryReplayWithSameSuccessor_NothingRevoked()
    {
        // issue #10 item 2: the rotation committed, the response was lost in an outage, the client retries minutes later
        var token = await CreateAsync();
        var successor = NewToken(token.FamilyId, token.SessionId);
        await UseAsync(token, successor, Now);

        var retry = await UseAsync(token, NewToken(token.FamilyId, token.SessionId), Now + Grace + TimeSpan.FromMinutes(3));

        Assert.That(retry.Status, Is.EqualTo(RefreshUseStatus.RetryReplay));
        Assert.That(retry.Successor?.TokenHash, Is.EqualTo(successor.TokenHash), "the same successor, never a new one");
        Assert.That(retry.ProtectedSuccessorHandle, Is.EqualTo(Handle(successor)));
        Assert.That(await _store.IsFamilyRevokedAsync(token.FamilyId, CancellationToken.None), Is.False);
        Assert.That(await _store.FindAsync(successor.TokenHash, Now, CancellationToken.None), Is.Not.Null, "the successor stays usable");
    }

    [Test]
    public async Task UseAsync_ReplayAfterGrace_SuccessorAlreadyUsed_ReuseDetected()
    {
        // the legitimate holder moved on (used the successor): the old token presented again is a replay
        var a = await CreateAsync();
        var b = NewToken(a.FamilyId, a.SessionId);
        await UseAsync(a, b, Now);
        await UseAsync(b, NewToken(a.FamilyId, a.SessionId), Now + TimeSpan.FromMinutes(1));

        var replay = await UseAsync(a, NewToken(a.FamilyId, a.SessionId), Now + TimeSpan.FromMinutes(2));

        Assert.That(replay.Status, Is.EqualTo(RefreshUseStatus.ReuseDetected));
        Assert.That(await _store.IsFamilyRevokedAsync(a.FamilyId, CancellationToken.None), Is.True);
    }

    [Test]
    public async Task UseAsync_RetryAfterRetryWindow_ReuseDetected()
    {
        var token = await CreateAsync();
        await UseAsync(token, NewToken(token.FamilyId, token.SessionId), Now);

        var late = await UseAsync(token, NewToken(token.FamilyId, token.SessionId), Now + RetryWindow + TimeSpan.FromSeconds(1));

        Assert.That(late.Status, Is.EqualTo(RefreshUseStatus.ReuseDetected));
        Assert.That(await _store.IsFamilyRevokedAsync(token.FamilyId, CancellationToken.None), Is.True);
    }

    [Test]
    public async Task UseAsync_ExpiredToken_Invalid()
    {
        var token = await CreateAsync(expiresAt: Now.AddMinutes(1));

        var result = await UseAsync(token, NewToken(token.FamilyId, token.SessionId), Now.AddMinutes(1));

        Assert.That(result.Status, Is.EqualTo(RefreshUseStatus.Invalid));
        Assert.That(result.Token, Is.Null);
    }

    [Test]
    public async Task UseAsync_UnknownToken_Invalid()
    {
        var result = await _store.UseAsync("no-such-hash", Now, Grace, RetryWindow, NewToken("f", "s"), [1], CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(RefreshUseStatus.Invalid));
    }

    [Test]
    public async Task UseAsync_RevokedToken_Invalid()
    {
        var token = await CreateAsync();
        await _store.RevokeFamilyAsync(token.FamilyId, Now, CancellationToken.None);

        var result = await UseAsync(token, NewToken(token.FamilyId, token.SessionId), Now);

        Assert.That(result.Status, Is.EqualTo(RefreshUseStatus.Invalid));
    }

    [Test]
    public async Task RevokeSessionAsync_TokensOfTwoSessions_RevokesOnlyThatSession()
    {
        var session = "sid-" + Guid.NewGuid().ToString("N");
        var first = await CreateAsync(sessionId: session);
        var second = await CreateAsync(sessionId: session);
        var other = await CreateAsync();

        var revoked = await _store.RevokeSessionAsync(session, Now, CancellationToken.None);

        Assert.That(revoked, Is.EqualTo(2));
        Assert.That(await _store.FindAsync(first.TokenHash, Now, CancellationToken.None), Is.Null);
        Assert.That(await _store.FindAsync(second.TokenHash, Now, CancellationToken.None), Is.Null);
        Assert.That(await _store.FindAsync(other.TokenHash, Now, CancellationToken.None), Is.Not.Null);
        Assert.That(await _store.RevokeSessionAsync(session, Now, CancellationToken.None), Is.Zero, "already revoked");
    }

    [Test]
    public async Task RevokeSubjectAsync_TokensOfSubjectInTwoRegions_RevokesOnlyThatRegion()
    {
        var subject = "d-" + Guid.NewGuid().ToString("N");
        var inRegion = await CreateAsync(subject: subject);
        var otherRegion = NewToken(Guid.NewGuid().ToString("N"), "sid-x") with { Subject = subject, RegionCode = "77" };
        await _store.CreateAsync(otherRegion, CancellationToken.None);

        var revoked = await _store.RevokeSubjectAsync("38", subject, Now, CancellationToken.None);

        Assert.That(revoked, Is.EqualTo(1));
        Assert.That(await _store.FindAsync(inRegion.TokenHash, Now, CancellationToken.None), Is.Null);
        Assert.That(await _store.FindAsync(otherRegion.TokenHash, Now, CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task FindAsync_FreshToken_RoundTripsEveryField()
    {
        var token = await CreateAsync();

        var found = await _store.FindAsync(token.TokenHash, Now, CancellationToken.None);

        Assert.That(found! with { Amr = token.Amr }, Is.EqualTo(token));
        Assert.That(found.Amr, Is.EqualTo(token.Amr));
    }

    private Task<RefreshUseResult> UseAsync(RefreshTokenRecord token, RefreshTokenRecord successor, DateTimeOffset at) =>
        _store.UseAsync(token.TokenHash, at, Grace, RetryWindow, successor, Handle(successor), CancellationToken.None);

    private async Task<RefreshTokenRecord> CreateAsync(DateTimeOffset? expiresAt = null, string? sessionId = null, string? subject = null)
    {
        var token = NewToken(Guid.NewGuid().ToString("N"), sessionId ?? "sid-" + Guid.NewGuid().ToString("N"), expiresAt);
        token = subject is null ? token : token with { Subject = subject };
        await _store.CreateAsync(token, CancellationToken.None);
        return token;
    }

    private static byte[] Handle(RefreshTokenRecord token) => System.Text.Encoding.UTF8.GetBytes("protected:" + token.TokenHash);

    private static RefreshTokenRecord NewToken(string familyId, string sessionId, DateTimeOffset? expiresAt = null) => new(
        Guid.NewGuid().ToString("N"),
        familyId,
        "diary-mobile",
        "d38-1001",
        "38",
        "openid offline_access",
        sessionId,
        Now.AddMinutes(-5),
        "urn:esia:loa:2",
        ["pwd"],
        "jkt-1",
        Now,
        expiresAt ?? Now.AddDays(30));
}
