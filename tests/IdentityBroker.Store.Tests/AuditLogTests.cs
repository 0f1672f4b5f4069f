using IdentityBroker.Core.Stores;

namespace IdentityBroker.Store.Tests;

public sealed class AuditLogTests
{
    [Test]
    public async Task FindByReferenceAsync_RecordedEvents_ReturnsThoseWithTheReferenceInOrder()
    {
        await using var database = await StoreTestDatabase.CreateAsync("audit");
        var log = database.Get<IAuditLog>();
        var at = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));
        var refusal = new AuditRecord(at, AuditEventTypes.SignIn, "38", "diary-web", "no_match", "R-MATCH-2", null, "hash-1", "R-7K2Q", "no account with this SNILS");
        var later = refusal with { At = at.AddMinutes(1), Outcome = "age_denied", RuleId = "R-AGE-1" };
        await log.RecordAsync(later, CancellationToken.None);
        await log.RecordAsync(refusal, CancellationToken.None);
        await log.RecordAsync(refusal with { ReferenceNumber = "OTHER" }, CancellationToken.None);

        var found = await log.FindByReferenceAsync("R-7K2Q", CancellationToken.None);

        Assert.That(found, Is.EqualTo(new[] { refusal, later }));
        Assert.That(await log.FindByReferenceAsync("NONE", CancellationToken.None), Is.Empty);
    }
}
