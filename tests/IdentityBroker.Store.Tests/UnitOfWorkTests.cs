using IdentityBroker.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Tests;

/// <summary>Issue #10 item 6: the <see cref="IUnitOfWork"/> contract over the real stores and PostgreSQL.</summary>
public sealed class UnitOfWorkTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private StoreTestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task SetUp() => _database = await StoreTestDatabase.CreateAsync("uow");

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    private IUnitOfWork UnitOfWork => _database.Get<IUnitOfWork>();

    [Test]
    public async Task RunAsync_WorkReturns_LinkAndAuditCommittedAndVisibleInside()
    {
        var subject = Guid.NewGuid().ToString("N");
        var seenInside = await UnitOfWork.RunAsync(async ct =>
        {
            await _database.Get<IAccountLinkStore>().LinkAsync(Link(subject), ct);
            await _database.Get<IAuditLog>().RecordAsync(Audit(subject), ct);
            return (await _database.Get<IAccountLinkStore>().FindAsync("38", subject, ct)).Count;
        }, CancellationToken.None);

        Assert.That(seenInside, Is.EqualTo(1), "a read inside the unit sees its own uncommitted write");
        Assert.That(await LinksAsync(subject), Is.EqualTo(1));
        Assert.That(await AuditsAsync(subject), Is.EqualTo(1));
    }

    [Test]
    public async Task RunAsync_WorkThrowsAfterBothWrites_NeitherRemains()
    {
        var subject = Guid.NewGuid().ToString("N");
        Assert.That(() => UnitOfWork.RunAsync(async ct =>
        {
            await _database.Get<IAccountLinkStore>().LinkAsync(Link(subject), ct);
            await _database.Get<IAuditLog>().RecordAsync(Audit(subject), ct);
            throw new InvalidOperationException("crash between the writes and the commit");
        }, CancellationToken.None), Throws.InvalidOperationException);

        Assert.That((await LinksAsync(subject), await AuditsAsync(subject)), Is.EqualTo((0, 0)));
    }

    [Test]
    public async Task RunAsync_StoreWithItsOwnTransactionInside_NestsAndRollsBackWithTheUnit()
    {
        var subject = Guid.NewGuid().ToString("N");
        var consents = _database.Get<IDataConsentStore>();
        Assert.That(() => UnitOfWork.RunAsync(async ct =>
        {
            await consents.GrantAsync("38", subject, "v1", "diary-38-web", Now, ct); // its own transaction becomes a savepoint
            await _database.Get<IAuditLog>().RecordAsync(Audit(subject), ct);
            throw new InvalidOperationException("crash");
        }, CancellationToken.None), Throws.InvalidOperationException);

        Assert.That(await consents.FindActiveAsync("38", subject, CancellationToken.None), Is.Null);
        Assert.That(await AuditsAsync(subject), Is.Zero);

        await UnitOfWork.RunAsync(async ct =>
        {
            await consents.GrantAsync("38", subject, "v1", "diary-38-web", Now, ct);
            await _database.Get<IAuditLog>().RecordAsync(Audit(subject), ct);
        }, CancellationToken.None);
        Assert.That(await consents.FindActiveAsync("38", subject, CancellationToken.None), Is.Not.Null);
        Assert.That(await AuditsAsync(subject), Is.EqualTo(1));
    }

    [Test]
    public async Task RunAsync_Nested_JoinsTheOuterUnit()
    {
        var subject = Guid.NewGuid().ToString("N");
        Assert.That(() => UnitOfWork.RunAsync(async ct =>
        {
            await UnitOfWork.RunAsync(inner => _database.Get<IAccountLinkStore>().LinkAsync(Link(subject), inner), ct);
            throw new InvalidOperationException("the outer unit fails after the inner one returned");
        }, CancellationToken.None), Throws.InvalidOperationException);

        Assert.That(await LinksAsync(subject), Is.Zero, "the inner unit was not committed on its own");
    }

    [Test]
    public async Task StoresOutsideAUnit_CommitEachWriteOnItsOwn()
    {
        var subject = Guid.NewGuid().ToString("N");
        await _database.Get<IAccountLinkStore>().LinkAsync(Link(subject), CancellationToken.None);
        Assert.That(await LinksAsync(subject), Is.EqualTo(1));
    }

    [Test]
    public async Task RunAsync_SessionEndAndAuditThenThrow_SessionStaysActiveWithItsTokensAndNoOutboxOrAudit()
    {
        var subject = Guid.NewGuid().ToString("N");
        var (session, token) = await SessionWithTokenAsync(subject);
        var messages = new[] { OutboxMessage.New(OutboxKinds.BackChannelLogout, "https://rp.example/bcl", "application/x-www-form-urlencoded", "logout_token=x", session.SessionId + ":rp", Now) };
        Assert.That(() => UnitOfWork.RunAsync(async ct =>
        {
            Assert.That(await Sessions.EndAsync(session.SessionId, Now, messages, ct), Is.True); // its own transaction becomes a savepoint
            await _database.Get<IAuditLog>().RecordAsync(LogoutAudit(subject), ct);
            throw new InvalidOperationException("crash between the session end and the commit");
        }, CancellationToken.None), Throws.InvalidOperationException);

        Assert.That(await Sessions.FindActiveAsync(session.SessionId, Now, CancellationToken.None), Is.Not.Null, "the session end was rolled back");
        Assert.That(await RefreshTokens.FindAsync(token.TokenHash, Now, CancellationToken.None), Is.Not.Null, "the session's refresh token revocation was rolled back");
        Assert.That(await OutboxCountAsync(session.SessionId), Is.Zero, "the back-channel logout message was rolled back");
        Assert.That(await AuditsAsync(subject), Is.Zero);
    }

    [Test]
    public async Task RunAsync_SessionEndSubjectRevokeAndAudit_CommitTogether()
    {
        var subject = Guid.NewGuid().ToString("N");
        var (session, token) = await SessionWithTokenAsync(subject);
        var offline = await TokenAsync(subject, "sid-gone-" + Guid.NewGuid().ToString("N")); // outlived its session
        var revoked = await UnitOfWork.RunAsync(async ct =>
        {
            await Sessions.EndAsync(session.SessionId, Now, [], ct);
            var count = await RefreshTokens.RevokeSubjectAsync("38", subject, Now, ct);
            await _database.Get<IAuditLog>().RecordAsync(LogoutAudit(subject), ct);
            return count;
        }, CancellationToken.None);

        Assert.That(revoked, Is.EqualTo(1), "the session's token was already revoked by the session end inside the unit (its write is visible)");
        Assert.That(await Sessions.FindActiveAsync(session.SessionId, Now, CancellationToken.None), Is.Null);
        Assert.That(await RefreshTokens.FindAsync(token.TokenHash, Now, CancellationToken.None), Is.Null);
        Assert.That(await RefreshTokens.FindAsync(offline.TokenHash, Now, CancellationToken.None), Is.Null);
        Assert.That(await AuditsAsync(subject), Is.EqualTo(1));
    }

    [Test]
    public async Task RunAsync_SubjectRevokeThenThrow_TokensStayUsable()
    {
        var subject = Guid.NewGuid().ToString("N");
        var token = await TokenAsync(subject, "sid-gone-" + Guid.NewGuid().ToString("N"));
        Assert.That(() => UnitOfWork.RunAsync(async ct =>
        {
            Assert.That(await RefreshTokens.RevokeSubjectAsync("38", subject, Now, ct), Is.EqualTo(1));
            throw new InvalidOperationException("crash after the revocation");
        }, CancellationToken.None), Throws.InvalidOperationException);

        Assert.That(await RefreshTokens.FindAsync(token.TokenHash, Now, CancellationToken.None), Is.Not.Null, "the revocation joined the unit and was rolled back");
    }

    private ISessionStore Sessions => _database.Get<ISessionStore>();

    private IRefreshTokenStore RefreshTokens => _database.Get<IRefreshTokenStore>();

    private async Task<(BrokerSessionRecord Session, RefreshTokenRecord Token)> SessionWithTokenAsync(string subject)
    {
        var session = new BrokerSessionRecord("sid-" + Guid.NewGuid().ToString("N"), "38", subject, subject, Now.AddMinutes(-1), "urn:esia:loa:2", ["pwd"],
            Now.AddMinutes(-1), Now.AddHours(1), null);
        await Sessions.CreateAsync(session, CancellationToken.None);
        return (session, await TokenAsync(subject, session.SessionId));
    }

    private async Task<RefreshTokenRecord> TokenAsync(string subject, string sessionId)
    {
        var token = new RefreshTokenRecord(Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), "diary-web", subject, "38", "openid", sessionId,
            Now, null, [], null, Now, Now.AddDays(1));
        await RefreshTokens.CreateAsync(token, CancellationToken.None);
        return token;
    }

    private async Task<int> OutboxCountAsync(string sessionId)
    {
        await using var db = _database.CreateContext();
        return await db.OutboxMessages.CountAsync(m => m.IdempotencyKey.StartsWith(sessionId + ":"));
    }

    private static AuditRecord LogoutAudit(string subject) =>
        new(Now, AuditEventTypes.Logout, "38", null, "success", null, subject, subject, null, "backchannel_messages=1");

    private static AccountLink Link(string subject) => new("38", subject, "d38-1001", LinkMethods.NameAndSnils, Now);

    private static AuditRecord Audit(string subject) =>
        new(Now, AuditEventTypes.Link, "38", "diary-38-web", "success", "R-MATCH-2", "d38-1001", subject, null, LinkMethods.NameAndSnils);

    private async Task<int> LinksAsync(string subject) =>
        (await _database.Get<IAccountLinkStore>().FindAsync("38", subject, CancellationToken.None)).Count;

    private async Task<int> AuditsAsync(string subject) =>
        (await _database.Get<IAuditLog>().FindByPersonAsync("38", new PersonAuditKeys(null, null, subject), Now.AddDays(-1), 100, CancellationToken.None)).Count;
}
