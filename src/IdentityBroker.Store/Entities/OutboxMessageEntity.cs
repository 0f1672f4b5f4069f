namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.outbox_messages</c>.</summary>
public sealed class OutboxMessageEntity
{
    public long Id { get; set; }

    public string Kind { get; set; } = "";

    public string Destination { get; set; } = "";

    public string ContentType { get; set; } = "";

    public string Payload { get; set; } = "";

    public string IdempotencyKey { get; set; } = "";

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>Set when delivery was given up (dead letter).</summary>
    public DateTimeOffset? FailedAt { get; set; }

    public string? LastError { get; set; }
}
