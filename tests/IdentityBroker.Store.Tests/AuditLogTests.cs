using IdentityBroker.Core.Stores;
using Npgsql;

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

    [Test]
    public async Task RecordAsync_Rerr1_PersonHashes_StoredAndReadBack()
    {
        await using var database = await StoreTestDatabase.CreateAsync("audit-hashes");
        var log = database.Get<IAuditLog>();
        var record = Record(At, "38", esia: "esia-1", snils: "snils-1", nameBirth: "nb-1") with { ReferenceNumber = "R-HASH" };

        await log.RecordAsync(record, CancellationToken.None);

        var found = await log.FindByReferenceAsync("R-HASH", CancellationToken.None);
        Assert.That(found, Is.EqualTo(new[] { record }));
        Assert.That((found[0].PersonSnilsHash, found[0].PersonNameBirthHash), Is.EqualTo(("snils-1", "nb-1")));
    }

    [Test]
    public async Task FindByPersonAsync_Rerr1_OnlyThatPersonInThatRegion_NewestFirst_Limited()
    {
        await using var database = await StoreTestDatabase.CreateAsync("audit-person");
        var log = database.Get<IAuditLog>();
        var bySnils = Record(At, "38", esia: null, snils: "snils-1", nameBirth: null);
        var byNameBirth = Record(At.AddMinutes(1), "38", esia: null, snils: null, nameBirth: "nb-1");
        var byEsia = Record(At.AddMinutes(2), "38", esia: "esia-1", snils: null, nameBirth: null);
        var byAll = Record(At.AddMinutes(3), "38", esia: "esia-1", snils: "snils-1", nameBirth: "nb-1");
        var tooOld = Record(At.AddDays(-40), "38", esia: "esia-1", snils: "snils-1", nameBirth: "nb-1");
        foreach (var record in new[] { bySnils, byNameBirth, byEsia, byAll, tooOld })
        {
            await log.RecordAsync(record, CancellationToken.None);
        }

        // other people, and the same person in another region
        await log.RecordAsync(Record(At.AddMinutes(4), "38", esia: "esia-2", snils: "snils-2", nameBirth: "nb-2"), CancellationToken.None);
        await log.RecordAsync(Record(At.AddMinutes(5), "24", esia: "esia-1", snils: "snils-1", nameBirth: "nb-1"), CancellationToken.None);
        await log.RecordAsync(Record(At.AddMinutes(6), null, esia: "esia-1", snils: "snils-1", nameBirth: "nb-1"), CancellationToken.None);

        var keys = new PersonAuditKeys("snils-1", "nb-1", "esia-1");
        var since = At.AddDays(-30);

        Assert.That(await log.FindByPersonAsync("38", keys, since, 10, CancellationToken.None), Is.EqualTo(new[] { byAll, byEsia, byNameBirth, bySnils }));
        Assert.That(await log.FindByPersonAsync("38", keys, since, 2, CancellationToken.None), Is.EqualTo(new[] { byAll, byEsia }));
        Assert.That(await log.FindByPersonAsync("38", keys, At.AddDays(-60), 10, CancellationToken.None), Has.Count.EqualTo(5));
        Assert.That(await log.FindByPersonAsync("38", new PersonAuditKeys("snils-1", null, null), since, 10, CancellationToken.None), Is.EqualTo(new[] { byAll, bySnils }));
        Assert.That(await log.FindByPersonAsync("38", new PersonAuditKeys(null, "nb-1", null), since, 10, CancellationToken.None), Is.EqualTo(new[] { byAll, byNameBirth }));
        Assert.That(await log.FindByPersonAsync("38", new PersonAuditKeys(null, null, "esia-1"), since, 10, CancellationToken.None), Is.EqualTo(new[] { byAll, byEsia }));
        Assert.That(await log.FindByPersonAsync("38", new PersonAuditKeys("nobody", null, null), since, 10, CancellationToken.None), Is.Empty);
        Assert.ThrowsAsync<ArgumentException>(() => log.FindByPersonAsync("38", new PersonAuditKeys(null, null, null), since, 10, CancellationToken.None));
    }

    [Test]
    public async Task FindByPersonAsync_Rerr1_EachKeyIsAnIndexScan()
    {
        await using var database = await StoreTestDatabase.CreateAsync("audit-plan");
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var plans = new List<string>();
        foreach (var column in new[] { "person_snils_hash", "person_name_birth_hash", "esia_subject_hash" })
        {
            await using var command = new NpgsqlCommand(
                $"SET enable_seqscan = off; EXPLAIN SELECT * FROM broker.audit_records WHERE region_code = '38' AND {column} = 'h' AND at >= now() ORDER BY at DESC LIMIT 10",
                connection);
            plans.Add(string.Join('\n', await ReadLinesAsync(command)));
        }

        Assert.That(plans[0], Does.Contain("ix_audit_records_region_code_person_snils_hash_at"));
        Assert.That(plans[1], Does.Contain("ix_audit_records_region_code_person_name_birth_hash_at"));
        Assert.That(plans[2], Does.Contain("ix_audit_records_region_code_esia_subject_hash_at"));
    }

    [Test]
    public async Task DeleteOlderThanAsync_Retention_DeletesOldInBatchesKeepsRecent()
    {
        await using var database = await StoreTestDatabase.CreateAsync("audit-retention");
        var log = database.Get<IAuditLog>();
        var cutoff = At.AddDays(-365);
        for (var i = 0; i < 25; i++)
        {
            await log.RecordAsync(Record(cutoff.AddMinutes(-1 - i), "38", "old", null, null) with { ReferenceNumber = "OLD" }, CancellationToken.None);
        }

        var recent = new[] { Record(cutoff, "38", "new", null, null), Record(At, "38", "new", null, null) };
        foreach (var record in recent)
        {
            await log.RecordAsync(record with { ReferenceNumber = "NEW" }, CancellationToken.None);
        }

        var batches = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            batches.Add(await log.DeleteOlderThanAsync(cutoff, 10, CancellationToken.None));
        }

        Assert.That(batches, Is.EqualTo(new[] { 10, 10, 5, 0 }));
        Assert.That(await log.FindByReferenceAsync("OLD", CancellationToken.None), Is.Empty);
        Assert.That(await log.FindByReferenceAsync("NEW", CancellationToken.None), Has.Count.EqualTo(2));
    }

    private static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static AuditRecord Record(DateTimeOffset at, string? region, string? esia, string? snils, string? nameBirth) =>
        new(at, AuditEventTypes.SignIn, region, "diary-web", "data_mismatch", "R-MATCH-2", null, esia, null, null)
        {
            PersonSnilsHash = snils,
            PersonNameBirthHash = nameBirth,
        };

    private static async Task<List<string>> ReadLinesAsync(NpgsqlCommand command)
    {
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }
}
