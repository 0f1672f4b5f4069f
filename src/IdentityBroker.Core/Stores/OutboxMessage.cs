namespace IdentityBroker.Core.Stores;

/// <summary>
/// A message to deliver to another system (back-channel logout token, notification webhook), written to PostgreSQL in the
/// same transaction as the change it reports and delivered later with retries, so a receiver that is down loses nothing.
/// </summary>
/// <param name="Kind">See <see cref="OutboxKinds"/>.</param>
/// <param name="Destination">The receiver's URL.</param>
/// <param name="ContentType">e.g. application/x-www-form-urlencoded (back-channel logout) or application/json (webhooks).</param>
/// <param name="IdempotencyKey">Unique per message; receivers deduplicate on it. The outbox refuses a second message with the same key.</param>
public sealed record OutboxMessage(
    long Id,
    string Kind,
    string Destination,
    string ContentType,
    string Payload,
    string IdempotencyKey,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? FailedAt,
    string? LastError)
{
    public static OutboxMessage New(string kind, string destination, string contentType, string payload, string idempotencyKey, DateTimeOffset now) =>
        new(0, kind, destination, contentType, payload, idempotencyKey, 0, now, now, null, null, null);
}

public static class OutboxKinds
{
    public const string BackChannelLogout = "backchannel_logout";
    public const string Webhook = "webhook";
}
