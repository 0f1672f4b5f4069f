using IdentityBroker.Core.Stores;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdentityBroker.Store.Tests;

public sealed class SessionStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private StoreTestDatabase _database = null!;
    private ISessionStore _store = null!;
    private IRefreshTokenStore _refreshTokens = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync("sessions");
        _store = _database.Get<ISessionStore>();
        _refreshTokens = _database.Get<IRefreshTokenStore>();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task FindActiveAsync_CreatedSession_RoundTripsEveryField()
    {
        var session = await CreateAsync();

        var found = await _store.FindActiveAsync(session.SessionId, Now, CancellationToken.None);

        Assert.That(found! with { Amr = session.Amr }, Is.EqualTo(session));
        Assert.That(found.Amr, Is.EqualTo(session.Amr));
    }

    [Test]
    public async Task FindActiveAsync_ExpiredSession_Null()
    {
        var session = await CreateAsync();

        Assert.That(await _store.FindActiveAsync(session.SessionId, session.ExpiresAt, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task EndAsync_Once_TrueAndSessionNoLongerActive()
    {
        var session = await CreateAsync();

        var ended = await _store.EndAsync(session.SessionId, Now, [], CancellationToken.None);

        Assert.That(ended, Is.True);
        Assert.That(await _store.FindActiveAsync(session.SessionId, Now, CancellationToken.None), Is.Null);
        Assert.That(await _store.FindActiveBySubjectAsync(session.RegionCode, session.Subject, Now, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task EndAsync_Twice_SecondFalseAndNoDuplicateOutboxRows()
    {
        var session = await CreateAsync();
        await _store.EndAsync(session.SessionId, Now, Messages(session, "a", "b"), CancellationToken.None);

        var again = await _store.EndAsync(session.SessionId, Now.AddSeconds(1), Messages(session, "c"), CancellationToken.None);

        Assert.That(again, Is.False);
        Assert.That(await OutboxKeysAsync(session), Is.EquivalentTo(new[] { Key(session, "a"), Key(session, "b") }));
    }

    [Test]
    public async Task EndAsync_UnknownSession_FalseAndNothingWritten()
    {
        var sessionId = "sid-" + Guid.NewGuid().ToString("N");
        var ghost = NewSession(sessionId, "d-ghost");

        Assert.That(await _store.EndAsync(sessionId, Now, Messages(ghost, "a"), CancellationToken.None), Is.False);
        Assert.That(await OutboxKeysAsync(ghost), Is.Empty);
    }

    [Test]
    public async Task EndAsync_ActiveSession_RevokesItsRefreshTokensAndEnqueuesMessages()
    {
        var session = await CreateAsync();
        var token = await CreateRefreshTokenAsync(session.SessionId);
        var otherSessionToken = await CreateRefreshTokenAsync("sid-" + Guid.NewGuid().ToString("N"));

        await _store.EndAsync(session.SessionId, Now, Messages(session, "a"), CancellationToken.None);

        Assert.That(await _refreshTokens.FindAsync(token.TokenHash, Now, CancellationToken.None), Is.Null);
        Assert.That(await _refreshTokens.FindAsync(otherSessionToken.TokenHash, Now, CancellationToken.None), Is.Not.Null);
        Assert.That(await OutboxKeysAsync(session), Is.EqualTo(new[] { Key(session, "a") }));
    }

    [Test]
    public async Task EndAsync_DuplicateIdempotencyKeyInBatch_FailsWholeCallAndSessionStaysActive()
    {
        var session = await CreateAsync();
        var token = await CreateRefreshTokenAsync(session.SessionId);
        var messages = Messages(session, "a", "a");

        var failure = Assert.ThrowsAsync<PostgresException>(() => _store.EndAsync(session.SessionId, Now, messages, CancellationToken.None));

        Assert.That(failure!.SqlState, Is.EqualTo(PostgresErrorCodes.UniqueViolation));
        Assert.That(await _store.FindActiveAsync(session.SessionId, Now, CancellationToken.None), Is.Not.Null);
        Assert.That(await _refreshTokens.FindAsync(token.TokenHash, Now, CancellationToken.None), Is.Not.Null);
        Assert.That(await OutboxKeysAsync(session), Is.Empty);
    }

    [Test]
    public async Task AddClientAsync_SameClientTwice_RecordedOnce()
    {
        var session = await CreateAsync();

        await _store.AddClientAsync(session.SessionId, "diary-web", CancellationToken.None);
        await _store.AddClientAsync(session.SessionId, "diary-web", CancellationToken.None);
        await _store.AddClientAsync(session.SessionId, "diary-mobile", CancellationToken.None);

        Assert.That(await _store.GetClientsAsync(session.SessionId, CancellationToken.None), Is.EqualTo(new[] { "diary-mobile", "diary-web" }));
    }

    [Test]
    public async Task FindActiveBySubjectAsync_ActiveEndedAndOtherRegion_ReturnsOnlyActiveInRegion()
    {
        var subject = "d-" + Guid.NewGuid().ToString("N");
        var active = await CreateAsync(subject);
        var ended = await CreateAsync(subject);
        await _store.EndAsync(ended.SessionId, Now, [], CancellationToken.None);
        await _store.CreateAsync(NewSession("sid-" + Guid.NewGuid().ToString("N"), subject) with { RegionCode = "77" }, CancellationToken.None);

        var found = await _store.FindActiveBySubjectAsync("38", subject, Now, CancellationToken.None);

        Assert.That(found.Select(s => s.SessionId), Is.EqualTo(new[] { active.SessionId }));
    }

    private async Task<BrokerSessionRecord> CreateAsync(string? subject = null)
    {
        var session = NewSession("sid-" + Guid.NewGuid().ToString("N"), subject ?? "d-" + Guid.NewGuid().ToString("N"));
        await _store.CreateAsync(session, CancellationToken.None);
        return session;
    }

    private async Task<RefreshTokenRecord> CreateRefreshTokenAsync(string sessionId)
    {
        var token = new RefreshTokenRecord(
            Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), "diary-web", "d38-1", "38", "openid", sessionId,
            Now, null, [], null, Now, Now.AddDays(1));
        await _refreshTokens.CreateAsync(token, CancellationToken.None);
        return token;
    }

    private async Task<List<string>> OutboxKeysAsync(BrokerSessionRecord session)
    {
        await using var db = _database.CreateContext();
        var prefix = session.SessionId + ":";
        return await db.OutboxMessages.Where(m => m.IdempotencyKey.StartsWith(prefix)).OrderBy(m => m.Id).Select(m => m.IdempotencyKey).ToListAsync();
    }

    private static string Key(BrokerSessionRecord session, string client) => session.SessionId + ":" + client;

    private static OutboxMessage[] Messages(BrokerSessionRecord session, params string[] clients) =>
        [.. clients.Select(c => OutboxMessage.New(
            OutboxKinds.BackChannelLogout, "https://" + c + ".example/bcl", "application/x-www-form-urlencoded", "logout_token=x", Key(session, c), Now))];

    private static BrokerSessionRecord NewSession(string sessionId, string subject) =>
        new(sessionId, "38", subject, "esia-hash", Now.AddMinutes(-1), "urn:esia:loa:2", ["pwd"], Now.AddMinutes(-1), Now.AddHours(1), null);
}
