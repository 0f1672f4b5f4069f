namespace IdentityBroker.Core.Stores;

/// <summary>One-time identifiers (DPoP proof <c>jti</c>, client assertion <c>jti</c>) shared by every replica.</summary>
public interface IReplayCache
{
    /// <summary>
    /// Records <paramref name="key"/> until <paramref name="expiresAt"/>; returns false if it was already recorded
    /// (<c>INSERT … ON CONFLICT DO NOTHING</c>): a replay.
    /// </summary>
    Task<bool> TryAddAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
