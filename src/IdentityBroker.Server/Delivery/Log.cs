namespace IdentityBroker.Server.Delivery;

/// <summary>Outbox delivery log events (EventIds 6010–6019, kept from when delivery lived in Logout; 6014 is the backlog count in Telemetry/OutboxBacklogProbe). Kinds, message ids and receiver hosts only: never bodies or tokens.</summary>
internal static partial class Log
{
    [LoggerMessage(6010, LogLevel.Information, "Delivered {Kind} message {MessageId} to {Destination} (attempt {Attempt})", EventName = "OutboxDelivered")]
    public static partial void Delivered(ILogger logger, string kind, string destination, long messageId, int attempt);

    [LoggerMessage(6011, LogLevel.Warning, "Delivery of {Kind} message {MessageId} to {Destination} failed (attempt {Attempt}: {Error}); next attempt at {NextAttemptAt:o}", EventName = "OutboxAttemptFailed")]
    public static partial void AttemptFailed(ILogger logger, string kind, string destination, long messageId, int attempt, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(6012, LogLevel.Error, "Gave up delivering {Kind} message {MessageId} to {Destination} after {Attempt} attempts (last: {Error}); it stays in the outbox as failed", EventName = "OutboxGaveUp")]
    public static partial void GaveUp(ILogger logger, string kind, string destination, long messageId, int attempt, string error);

    [LoggerMessage(6013, LogLevel.Warning, "Outbox dispatch pass failed; retrying at the next poll", EventName = "OutboxDispatchFailed")]
    public static partial void DispatchFailed(ILogger logger, Exception exception);
}
