namespace IdentityBroker.Core.Stores;

/// <summary>Upstream (ESIA) round-trip state. Single-use.</summary>
public interface IPendingSignInStore
{
    Task SaveAsync(PendingSignIn pending, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically removes and returns the pending sign-in (one SQL statement: <c>DELETE … RETURNING</c>), so two
    /// concurrent callbacks with the same state cannot both succeed. Returns null when it does not exist, was already
    /// consumed, or expired before <paramref name="now"/> (an expired row is removed as well).
    /// </summary>
    Task<PendingSignIn?> ConsumeAsync(Guid esiaState, DateTimeOffset now, CancellationToken cancellationToken);
}
