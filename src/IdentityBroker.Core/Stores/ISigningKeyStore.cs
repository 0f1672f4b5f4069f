namespace IdentityBroker.Core.Stores;

public interface ISigningKeyStore
{
    /// <summary>Keys not yet expired at <paramref name="now"/>, newest first.</summary>
    Task<IReadOnlyList<SigningKeyRecord>> GetCurrentAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="candidate"/> only if no key is usable for signing at <paramref name="usableAt"/>, under a
    /// PostgreSQL advisory lock, so replicas starting together create one key, not several. Returns true if added.
    /// </summary>
    Task<bool> AddIfNoneUsableAsync(SigningKeyRecord candidate, DateTimeOffset usableAt, CancellationToken cancellationToken);
}
