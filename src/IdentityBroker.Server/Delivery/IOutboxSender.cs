using IdentityBroker.Core.Stores;

namespace IdentityBroker.Server.Delivery;

/// <summary>
/// Delivers one outbox message of <see cref="Kind"/> (one sender per kind of <see cref="OutboxKinds"/>, registered in DI and
/// chosen by <see cref="OutboxDispatcher"/>): one attempt, its outcome reduced to null (delivered) or a short error.
/// </summary>
internal interface IOutboxSender
{
    /// <summary>The <see cref="OutboxMessage.Kind"/> this sender delivers.</summary>
    string Kind { get; }

    /// <returns>Null when delivered, otherwise a short error for the outbox row and the log (never the body or a token).</returns>
    Task<string?> SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}
