using IdentityBroker.Core.Interaction;
using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.Stores;

namespace IdentityBroker.Store.Tests;

/// <summary>
/// The sign-in transaction's contract (<see cref="ISignInTransactionStore"/>, issue #12 item 1): every step form counts once
/// because a claim is one conditional UPDATE on (id, step, version, browser, expiry).
/// </summary>
public sealed class SignInTransactionStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));
    private StoreTestDatabase _database = null!;
    private ISignInTransactionStore _store = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync("transactions");
        _store = _database.Get<ISignInTransactionStore>();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task ClaimAsync_AtItsStepAndVersion_ReturnsItOnceAtTheNextVersion()
    {
        var created = await CreateAsync(Now.AddMinutes(10));

        var first = await _store.ClaimAsync(created.Id, SignInStep.Esia, 0, created.BrowserBindingHash, Now, CancellationToken.None);
        var second = await _store.ClaimAsync(created.Id, SignInStep.Esia, 0, created.BrowserBindingHash, Now, CancellationToken.None);

        Assert.That(first.Result, Is.EqualTo(ClaimResult.Claimed));
        Assert.That(first.Transaction!.Request, Is.EqualTo(created.Request));
        Assert.That((first.Transaction.Step, first.Transaction.Version, first.Transaction.Progress), Is.EqualTo((SignInStep.Esia, 1, (string?)null)));
        Assert.That(first.Transaction.ExpiresAt, Is.EqualTo(created.ExpiresAt));
        Assert.That(second.Result, Is.EqualTo(ClaimResult.NotFound), "the form of version 0 is used up");
    }

    [Test]
    public async Task ClaimAsync_FiftyConcurrentClaims_ExactlyOneWins()
    {
        var created = await CreateAsync(Now.AddMinutes(10));

        var results = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(_ => Task.Run(() => _store.ClaimAsync(created.Id, SignInStep.Esia, 0, created.BrowserBindingHash, Now, CancellationToken.None))));

        Assert.That(results.Count(r => r.Result == ClaimResult.Claimed), Is.EqualTo(1));
    }

    [Test]
    public async Task ClaimAsync_OtherBrowser_ReportedAndNotUsedUp()
    {
        var created = await CreateAsync(Now.AddMinutes(10));

        var foreign = await _store.ClaimAsync(created.Id, SignInStep.Esia, 0, "another-browser", Now, CancellationToken.None);
        var own = await _store.ClaimAsync(created.Id, SignInStep.Esia, 0, created.BrowserBindingHash, Now, CancellationToken.None);

        Assert.That((foreign.Result, foreign.Transaction), Is.EqualTo((ClaimResult.OtherBrowser, (SignInTransaction?)null)));
        Assert.That(own.Result, Is.EqualTo(ClaimResult.Claimed));
    }

    [Test]
    public async Task ClaimAsync_WrongStepOrVersionOrExpired_NotFound()
    {
        var created = await CreateAsync(Now.AddMinutes(10));
        var expired = await CreateAsync(Now.AddSeconds(-1));

        Assert.That((await _store.ClaimAsync(created.Id, SignInStep.DataConsent, 0, created.BrowserBindingHash, Now, CancellationToken.None)).Result, Is.EqualTo(ClaimResult.NotFound));
        Assert.That((await _store.ClaimAsync(created.Id, SignInStep.Esia, 1, created.BrowserBindingHash, Now, CancellationToken.None)).Result, Is.EqualTo(ClaimResult.NotFound));
        Assert.That((await _store.ClaimAsync(expired.Id, SignInStep.Esia, 0, expired.BrowserBindingHash, Now, CancellationToken.None)).Result, Is.EqualTo(ClaimResult.NotFound));
        Assert.That((await _store.ClaimAsync(Guid.NewGuid(), SignInStep.Esia, 0, "b", Now, CancellationToken.None)).Result, Is.EqualTo(ClaimResult.NotFound));
        Assert.That((await _store.ClaimAsync(created.Id, SignInStep.Esia, 0, created.BrowserBindingHash, Now, CancellationToken.None)).Result,
            Is.EqualTo(ClaimResult.Claimed), "the failed claims used nothing up");
    }

    [Test]
    public async Task MoveAsync_ToTheNextStep_OnlyTheNewVersionAtTheNewStepClaims()
    {
        var created = await CreateAsync(Now.AddMinutes(10));
        var claimed = (await _store.ClaimAsync(created.Id, SignInStep.Esia, 0, created.BrowserBindingHash, Now, CancellationToken.None)).Transaction!;

        var moved = await _store.MoveAsync(created.Id, claimed.Version, SignInStep.ChooseAccount, """{"choices":["a","b"]}""", Now.AddMinutes(20), CancellationToken.None);
        var lost = await _store.MoveAsync(created.Id, claimed.Version, SignInStep.DataConsent, null, Now.AddMinutes(20), CancellationToken.None);

        Assert.That(moved, Is.EqualTo(2));
        Assert.That(lost, Is.Null, "a move from a version that is gone changes nothing");
        Assert.That((await _store.ClaimAsync(created.Id, SignInStep.Esia, 1, created.BrowserBindingHash, Now, CancellationToken.None)).Result, Is.EqualTo(ClaimResult.NotFound));
        var atChooser = await _store.ClaimAsync(created.Id, SignInStep.ChooseAccount, 2, created.BrowserBindingHash, Now.AddMinutes(15), CancellationToken.None);
        Assert.That(atChooser.Result, Is.EqualTo(ClaimResult.Claimed), "the new lifetime counts, not the ESIA round trip's");
        Assert.That(atChooser.Transaction!.Progress, Does.Contain("\"choices\""));
    }

    [Test]
    public async Task EndAsync_InsideAUnitOfWorkThatRollsBack_TheTransactionStays()
    {
        var created = await CreateAsync(Now.AddMinutes(10));
        var unitOfWork = _database.Get<IUnitOfWork>();

        Assert.ThrowsAsync<InvalidOperationException>(() => unitOfWork.RunAsync(async ct =>
        {
            Assert.That(await _store.EndAsync(created.Id, 0, ct), Is.True);
            throw new InvalidOperationException("the code could not be stored");
        }, CancellationToken.None));

        Assert.That((await _store.ClaimAsync(created.Id, SignInStep.Esia, 0, created.BrowserBindingHash, Now, CancellationToken.None)).Result, Is.EqualTo(ClaimResult.Claimed));
        Assert.That(await _store.EndAsync(created.Id, 0, CancellationToken.None), Is.False, "version 0 is gone");
        Assert.That(await _store.EndAsync(created.Id, 1, CancellationToken.None), Is.True);
        Assert.That((await _store.ClaimAsync(created.Id, SignInStep.Esia, 1, created.BrowserBindingHash, Now, CancellationToken.None)).Result, Is.EqualTo(ClaimResult.NotFound));
    }

    [Test]
    public async Task ClaimAsync_RowOfAStepThisReleaseDoesNotKnow_NotFound()
    {
        var created = await CreateAsync(Now.AddMinutes(10));
        await using (var db = _database.CreateContext())
        {
            var row = db.SignInTransactions.Single(t => t.Id == created.Id);
            row.Step = "a_future_step";
            await db.SaveChangesAsync();
        }

        Assert.That((await _store.ClaimAsync(created.Id, SignInStep.Esia, 0, created.BrowserBindingHash, Now, CancellationToken.None)).Result, Is.EqualTo(ClaimResult.NotFound));
    }

    private async Task<SignInTransaction> CreateAsync(DateTimeOffset expiresAt)
    {
        var transaction = new SignInTransaction(
            Guid.NewGuid(),
            "binding-" + Guid.NewGuid().ToString("N"),
            new AuthorizationRequest("diary-web", "https://diary.example/cb", "openid profile", "st", "n-1", "challenge", "S256",
                "query", null, 300, null, "ru", "38"),
            SignInStep.Esia,
            0,
            null,
            Now,
            expiresAt);
        await _store.CreateAsync(transaction, CancellationToken.None);
        return transaction;
    }
}
