namespace IdentityBroker.Core.Stores;

/// <summary>
/// Diary clients as registered in PostgreSQL (issue #3: "defined in region configuration and stored in PostgreSQL"). The
/// region files are the source; every replica syncs them at start-up, so the database always shows which clients exist,
/// since when, and when their definition last changed or they were removed.
/// </summary>
public interface IClientRegistrationStore
{
    /// <summary>
    /// Makes the table match <paramref name="clients"/> under an advisory lock: inserts new clients, updates changed
    /// definitions (by hash), marks clients no longer configured as removed (rows are kept for the audit trail).
    /// </summary>
    Task<ClientSyncResult> SyncAsync(IReadOnlyList<ClientRegistration> clients, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<ClientRegistration>> GetAllAsync(CancellationToken cancellationToken);
}

/// <param name="Definition">The client's settings as JSON (no secrets).</param>
/// <param name="RemovedAt">Set when the client disappeared from the region files.</param>
public sealed record ClientRegistration(string ClientId, string RegionCode, string Definition, DateTimeOffset? UpdatedAt = null, DateTimeOffset? RemovedAt = null);

public sealed record ClientSyncResult(int Added, int Updated, int Removed);
