using System.Collections.Concurrent;
using IdentityBroker.Core.Stores;
using Npgsql;

namespace IdentityBroker.Store.Tests;

/// <summary>Each test gets its own database: ClaimDue takes every due message there is.</summary>
public sealed class OutboxTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Test]
    public async Task ClaimDueAsync_EightConcurrentClaimers_NeverGetTheSameMessage()
    {
        await using var database = await StoreTestDatabase.CreateAsync("outbox-race");
        var outbox = database.Get<IOutbox>();
        await outbox.EnqueueAsync(Messages(60), CancellationToken.None);
        var claimed = new ConcurrentBag<long>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            IReadOnlyList<OutboxMessage> batch;
            do
            {
                batch = await outbox.ClaimDueAsync(3, Now, Lease, CancellationToken.None);
                foreach (var message in batch)
                {
                    claimed.Add(message.Id);
                }
            }
            while (batch.Count > 0);
        })));

        Assert.That(claimed, Has.Count.EqualTo(60));
        Assert.That(claimed.Distinct().Count(), Is.EqualTo(60));
    }

    [Test]
    public async Task ClaimDueAsync_RowLockedByAnotherTransaction_SkipsItWithoutWaiting()
    {
        await using var database = await StoreTestDatabase.CreateAsync("outbox-skip");
        var outbox = database.Get<IOutbox>();
        await outbox.EnqueueAsync(Messages(2), CancellationToken.None);
        await using var other = new NpgsqlConnection(database.ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        long lockedId;
        await using (var command = new NpgsqlCommand("SELECT id FROM broker.outbox_messages ORDER BY id LIMIT 1 FOR UPDATE", other, transaction))
        {
            lockedId = (long)(await command.ExecuteScalarAsync())!;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var claimed = await outbox.ClaimDueAsync(10, Now, Lease, timeout.Token);

        Assert.That(claimed, Has.Count.EqualTo(1));
        Assert.That(claimed[0].Id, Is.Not.EqualTo(lockedId));
    }

    [Test]
    public async Task ClaimDueAsync_LeaseExpired_ClaimableAgainWithAttemptCounted()
    {
        await using var database = await StoreTestDatabase.CreateAsync("outbox-lease");
        var outbox = database.Get<IOutbox>();
        await outbox.EnqueueAsync(Messages(1), CancellationToken.None);

        var first = await outbox.ClaimDueAsync(10, Now, Lease, CancellationToken.None);
        var duringLease = await outbox.ClaimDueAsync(10, Now + Lease - TimeSpan.FromSeconds(1), Lease, CancellationToken.None);
        var afterLease = await outbox.ClaimDueAsync(10, Now + Lease, Lease, CancellationToken.None);

        Assert.That(first.Single().Attempts, Is.EqualTo(1));
        Assert.That(first.Single().NextAttemptAt, Is.EqualTo(Now + Lease));
        Assert.That(duringLease, Is.Empty);
        Assert.That(afterLease.Single().Id, Is.EqualTo(first.Single().Id));
        Assert.That(afterLease.Single().Attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task MarkFailedAsync_NoNextAttempt_NeverClaimedAgain()
    {
        await using var database = await StoreTestDatabase.CreateAsync("outbox-dead");
        var outbox = database.Get<IOutbox>();
        await outbox.EnqueueAsync(Messages(1), CancellationToken.None);
        var message = (await outbox.ClaimDueAsync(10, Now, Lease, CancellationToken.None)).Single();

        await outbox.MarkFailedAsync(message.Id, "HTTP 500", Now.AddSeconds(1), null, CancellationToken.None);

        Assert.That(await outbox.ClaimDueAsync(10, Now.AddYears(1), Lease, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task MarkFailedAsync_WithNextAttempt_ClaimableOnlyFromThen()
    {
        await using var database = await StoreTestDatabase.CreateAsync("outbox-retry");
        var outbox = database.Get<IOutbox>();
        await outbox.EnqueueAsync(Messages(1), CancellationToken.None);
        var message = (await outbox.ClaimDueAsync(10, Now, Lease, CancellationToken.None)).Single();

        await outbox.MarkFailedAsync(message.Id, "timeout", Now.AddSeconds(1), Now.AddMinutes(5), CancellationToken.None);

        Assert.That(await outbox.ClaimDueAsync(10, Now.AddMinutes(5).AddSeconds(-1), Lease, CancellationToken.None), Is.Empty);
        var retried = (await outbox.ClaimDueAsync(10, Now.AddMinutes(5), Lease, CancellationToken.None)).Single();
        Assert.That(retried.LastError, Is.EqualTo("timeout"));
        Assert.That(retried.Attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task MarkDeliveredAsync_ClaimedMessage_NeverClaimedAgain()
    {
        await using var database = await StoreTestDatabase.CreateAsync("outbox-done");
        var outbox = database.Get<IOutbox>();
        await outbox.EnqueueAsync(Messages(1), CancellationToken.None);
        var message = (await outbox.ClaimDueAsync(10, Now, Lease, CancellationToken.None)).Single();

        await outbox.MarkDeliveredAsync(message.Id, Now.AddSeconds(1), CancellationToken.None);

        Assert.That(await outbox.ClaimDueAsync(10, Now.AddYears(1), Lease, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task EnqueueAsync_DuplicateIdempotencyKey_IgnoredAndFieldsRoundTrip()
    {
        await using var database = await StoreTestDatabase.CreateAsync("outbox-dup");
        var outbox = database.Get<IOutbox>();
        var message = Messages(1)[0];
        await outbox.EnqueueAsync([message], CancellationToken.None);

        await outbox.EnqueueAsync([message with { Payload = "other" }, message], CancellationToken.None);

        var claimed = (await outbox.ClaimDueAsync(10, Now, Lease, CancellationToken.None)).Single();
        Assert.That(claimed with { Id = 0, Attempts = 0, NextAttemptAt = Now }, Is.EqualTo(message));
    }

    [Test]
    public async Task ClaimDueAsync_NotYetDue_NotClaimed()
    {
        await using var database = await StoreTestDatabase.CreateAsync("outbox-due");
        var outbox = database.Get<IOutbox>();
        await outbox.EnqueueAsync([Messages(1)[0] with { NextAttemptAt = Now.AddMinutes(1) }], CancellationToken.None);

        Assert.That(await outbox.ClaimDueAsync(10, Now, Lease, CancellationToken.None), Is.Empty);
        Assert.That(await outbox.ClaimDueAsync(10, Now.AddMinutes(1), Lease, CancellationToken.None), Has.Count.EqualTo(1));
    }

    private static OutboxMessage[] Messages(int count) =>
        [.. Enumerable.Range(0, count).Select(i => OutboxMessage.New(
            OutboxKinds.BackChannelLogout, "https://rp.example/bcl", "application/x-www-form-urlencoded", "logout_token=" + i,
            "key-" + i + "-" + Guid.NewGuid().ToString("N"), Now))];
}
