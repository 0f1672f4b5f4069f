using IdentityBroker.Core.Consent;
using IdentityBroker.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Tests;

/// <summary>R-CONSENT-2..5: parental consents and consent requests on PostgreSQL, with their notifications in the outbox.</summary>
public sealed class ParentalConsentStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private StoreTestDatabase _database = null!;
    private IParentalConsentStore _store = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync("parental");
        _store = _database.Get<IParentalConsentStore>();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task RequestAsync_Rconsent3_TenParallelForOneChild_OnePendingRequestOneNotification()
    {
        var child = NewId();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            _store.RequestAsync("38", child, Now.AddMilliseconds(i), Notification(child, $"request-{i}"), CancellationToken.None))));

        Assert.That(results.Count(r => r.Created), Is.EqualTo(1));
        Assert.That(results.Select(r => r.Request).Distinct().Count(), Is.EqualTo(1));
        Assert.That(results[0].Request.Status, Is.EqualTo(ConsentRequestStatuses.Pending));
        Assert.That(await _store.FindPendingAsync("38", [child], CancellationToken.None), Is.EqualTo(new[] { results[0].Request }));
        Assert.That(await OutboxKeysAsync(child), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task RequestAsync_Rconsent3_AfterDecline_NewRequestCreated()
    {
        var child = NewId();
        var id = Guid.NewGuid();
        var (first, _) = await _store.RequestAsync("38", child, Now, Notification(child, "r1"), CancellationToken.None, id);
        Assert.That(first.Id, Is.EqualTo(id), "a created request takes the id its notifications name");
        await _store.DeclineAsync("38", child, "parent", Now.AddMinutes(1), Notification(child, "d1"), CancellationToken.None);

        var (second, created) = await _store.RequestAsync("38", child, Now.AddMinutes(2), Notification(child, "r2"), CancellationToken.None);

        Assert.That(created, Is.True);
        Assert.That(second.Id, Is.Not.EqualTo(first.Id));
        Assert.That(await _store.FindPendingAsync("38", [child], CancellationToken.None), Is.EqualTo(new[] { second }));
        Assert.That(await OutboxKeysAsync(child), Is.EqualTo(new[] { $"{child}:r1", $"{child}:d1", $"{child}:r2" }));
    }

    [Test]
    public async Task GrantAsync_Rconsent2_PendingRequest_GrantsClosesRequestAndNotifiesOnce()
    {
        var child = NewId();
        var (request, _) = await _store.RequestAsync("38", child, Now, Notification(child, "requested"), CancellationToken.None);

        var (consent, created) = await _store.GrantAsync("38", child, "parent-1", "d38-1001", Now.AddHours(1), Notification(child, "granted"), CancellationToken.None);
        var (again, createdAgain) = await _store.GrantAsync("38", child, "parent-2", null, Now.AddHours(2), Notification(child, "granted-again"), CancellationToken.None);

        Assert.That(created, Is.True);
        Assert.That(consent with { Id = 0 }, Is.EqualTo(new ParentalConsent(0, "38", child, "parent-1", "d38-1001", Now.AddHours(1), null, null)));
        Assert.That((again, createdAgain), Is.EqualTo((consent, false)));
        Assert.That(await _store.FindActiveAsync("38", child, CancellationToken.None), Is.EqualTo(consent));
        Assert.That(await _store.FindPendingAsync("38", [child], CancellationToken.None), Is.Empty);
        Assert.That(await RequestAsync(request.Id), Is.EqualTo(request with { Status = ConsentRequestStatuses.Granted, DecidedAt = Now.AddHours(1), DecidedByEsiaSubjectHash = "parent-1" }));
        Assert.That(await OutboxKeysAsync(child), Is.EqualTo(new[] { $"{child}:requested", $"{child}:granted" }));
    }

    [Test]
    public async Task GrantAsync_Rconsent2_TenParallelParents_OneActiveOneNotification()
    {
        var child = NewId();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            _store.GrantAsync("38", child, $"parent-{i}", null, Now, Notification(child, $"granted-{i}"), CancellationToken.None))));

        Assert.That(results.Count(r => r.Created), Is.EqualTo(1));
        Assert.That(results.Select(r => r.Consent).Distinct().Count(), Is.EqualTo(1));
        Assert.That(await ConsentRowsAsync(child), Has.Count.EqualTo(1));
        Assert.That(await OutboxKeysAsync(child), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task DeclineAsync_Rconsent3_PendingThenNone_NotifiesOnlyWhenDeclined()
    {
        var child = NewId();
        var (request, _) = await _store.RequestAsync("38", child, Now, [], CancellationToken.None);

        Assert.That(await _store.DeclineAsync("38", child, "parent-1", Now.AddMinutes(5), Notification(child, "declined"), CancellationToken.None), Is.True);
        Assert.That(await _store.DeclineAsync("38", child, "parent-1", Now.AddMinutes(6), Notification(child, "declined-again"), CancellationToken.None), Is.False);

        Assert.That(await RequestAsync(request.Id), Is.EqualTo(request with { Status = ConsentRequestStatuses.Declined, DecidedAt = Now.AddMinutes(5), DecidedByEsiaSubjectHash = "parent-1" }));
        Assert.That(await _store.FindActiveAsync("38", child, CancellationToken.None), Is.Null);
        Assert.That(await OutboxKeysAsync(child), Is.EqualTo(new[] { $"{child}:declined" }));
    }

    [Test]
    public async Task RevokeAsync_Rconsent5_Active_RowKeptWithRevokedAtThenNothingToRevoke()
    {
        var child = NewId();
        var (consent, _) = await _store.GrantAsync("38", child, "parent-1", null, Now, [], CancellationToken.None);

        Assert.That(await _store.RevokeAsync("38", child, "parent-2", Now.AddDays(1), Notification(child, "revoked"), CancellationToken.None), Is.True);
        Assert.That(await _store.RevokeAsync("38", child, "parent-2", Now.AddDays(2), Notification(child, "revoked-again"), CancellationToken.None), Is.False);

        Assert.That(await _store.FindActiveAsync("38", child, CancellationToken.None), Is.Null);
        Assert.That(await ConsentRowsAsync(child), Is.EqualTo(new[] { consent with { RevokedAt = Now.AddDays(1), RevokedByEsiaSubjectHash = "parent-2" } }));
        Assert.That(await OutboxKeysAsync(child), Is.EqualTo(new[] { $"{child}:revoked" }));

        var (renewed, created) = await _store.GrantAsync("38", child, "parent-1", null, Now.AddDays(3), [], CancellationToken.None);
        Assert.That(created, Is.True);
        Assert.That(await _store.FindActiveAsync("38", child, CancellationToken.None), Is.EqualTo(renewed));
    }

    [Test]
    public async Task FindActiveForChildrenAsync_Rconsent4_OnlyActiveOfThoseChildrenInTheRegion()
    {
        var (a, b, c) = (NewId(), NewId(), NewId());
        var (consentA, _) = await _store.GrantAsync("38", a, "parent", null, Now, [], CancellationToken.None);
        await _store.GrantAsync("38", b, "parent", null, Now, [], CancellationToken.None);
        await _store.RevokeAsync("38", b, "parent", Now.AddHours(1), [], CancellationToken.None);
        await _store.GrantAsync("24", c, "parent", null, Now, [], CancellationToken.None);
        await _store.RequestAsync("38", c, Now, [], CancellationToken.None);
        await _store.RequestAsync("24", a, Now, [], CancellationToken.None);

        Assert.That(await _store.FindActiveForChildrenAsync("38", [a, b, c], CancellationToken.None), Is.EqualTo(new[] { consentA }));
        Assert.That((await _store.FindPendingAsync("38", [a, b, c], CancellationToken.None)).Select(r => r.ChildAccountId), Is.EqualTo(new[] { c }));
        Assert.That(await _store.FindActiveForChildrenAsync("38", [], CancellationToken.None), Is.Empty);
        Assert.That(await _store.FindPendingAsync("38", [], CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task GrantAsync_Rconsent2_DuplicateNotificationKey_SkippedNotFailed()
    {
        var child = NewId();
        await _database.Get<IOutbox>().EnqueueAsync(Notification(child, "same"), CancellationToken.None);

        var (_, created) = await _store.GrantAsync("38", child, "parent", null, Now, Notification(child, "same"), CancellationToken.None);

        Assert.That(created, Is.True);
        Assert.That(await OutboxKeysAsync(child), Is.EqualTo(new[] { $"{child}:same" }));
    }

    private static IReadOnlyList<OutboxMessage> Notification(string child, string key) =>
        [OutboxMessage.New(OutboxKinds.Webhook, "https://diary.example/hooks/consent", "application/json", "{}", $"{child}:{key}", Now)];

    private async Task<List<string>> OutboxKeysAsync(string child)
    {
        await using var db = _database.CreateContext();
        return await db.OutboxMessages.Where(m => m.IdempotencyKey.StartsWith(child + ":")).OrderBy(m => m.Id).Select(m => m.IdempotencyKey).ToListAsync();
    }

    private async Task<List<ParentalConsent>> ConsentRowsAsync(string child)
    {
        await using var db = _database.CreateContext();
        var rows = await db.ParentalConsents.AsNoTracking().Where(c => c.ChildAccountId == child).OrderBy(c => c.Id).ToListAsync();
        return rows.Select(Mapping.ConsentMapper.ToRecord).ToList();
    }

    private async Task<ConsentRequest> RequestAsync(Guid id)
    {
        await using var db = _database.CreateContext();
        return Mapping.ConsentMapper.ToRecord(await db.ConsentRequests.AsNoTracking().SingleAsync(r => r.Id == id));
    }

    private static string NewId() => "d38-" + Guid.NewGuid().ToString("N");
}
