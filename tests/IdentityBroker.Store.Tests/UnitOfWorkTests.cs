using IdentityBroker.Core.Stores;

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

    private static AccountLink Link(string subject) => new("38", subject, "d38-1001", LinkMethods.NameAndSnils, Now);

    private static AuditRecord Audit(string subject) =>
        new(Now, AuditEventTypes.Link, "38", "diary-38-web", "success", "R-MATCH-2", "d38-1001", subject, null, LinkMethods.NameAndSnils);

    private async Task<int> LinksAsync(string subject) =>
        (await _database.Get<IAccountLinkStore>().FindAsync("38", subject, CancellationToken.None)).Count;

    private async Task<int> AuditsAsync(string subject) =>
        (await _database.Get<IAuditLog>().FindByPersonAsync("38", new PersonAuditKeys(null, null, subject), Now.AddDays(-1), 100, CancellationToken.None)).Count;
}
