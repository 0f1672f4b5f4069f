namespace IdentityBroker.Core.Stores;

/// <summary>The delivery side of the outbox (writers enqueue inside their own store transaction).</summary>
public interface IOutbox
{
    /// <summary>Enqueues on its own (for writers with no other change). Duplicate idempotency keys are ignored.</summary>
    Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> undelivered, unfailed messages due at <paramref name="now"/>
    /// (<c>FOR UPDATE SKIP LOCKED</c>) and pushes their next attempt to now + <paramref name="lease"/>, so two replicas never
    /// deliver the same message at the same time.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    Task MarkDeliveredAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt; <paramref name="nextAttemptAt"/> null means give up (dead letter, kept for operators).</summary>
    Task MarkFailedAsync(long id, string error, DateTimeOffset now, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken);
}
