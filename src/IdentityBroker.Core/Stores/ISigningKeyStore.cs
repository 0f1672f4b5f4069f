namespace IdentityBroker.Core.Stores;

public interface ISigningKeyStore
{
    /// <summary>Keys not yet expired at <paramref name="now"/>, newest first.</summary>
    Task<IReadOnlyList<SigningKeyRecord>> GetCurrentAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="candidate"/> only if no key is usable for signing at <paramref name="usableAt"/>, under a
    /// PostgreSQL advisory lock, so replicas starting together create one key, not several. Returns true if added.
    /// With <paramref name="activatesBy"/> later than <paramref name="usableAt"/>, a key not retired at
    /// <paramref name="usableAt"/> that activates by <paramref name="activatesBy"/> also counts: a published successor
    /// about to take over is not duplicated by an immediately-active key in the moment between the old key's retirement
    /// and the successor's activation.
    /// </summary>
    Task<bool> AddIfNoneUsableAsync(SigningKeyRecord candidate, DateTimeOffset usableAt, CancellationToken cancellationToken, DateTimeOffset? activatesBy = null);
}
