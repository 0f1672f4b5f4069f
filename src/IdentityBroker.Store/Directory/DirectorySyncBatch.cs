namespace IdentityBroker.Store.Directory;

/// <summary>One batch pushed by a region's diary back-end (docs/directory-sync.md): rows in the import's own format
/// (FORMATS.md), already read whole under the API's byte limit.</summary>
/// <param name="BatchId">Chosen by the client; a batch id is applied at most once per region (a retry is answered from the store).</param>
/// <param name="MaxRows">More rows refuse the whole batch (<see cref="DirectoryBatchTooLargeException"/>).</param>
/// <param name="Atomic">True: any rejected row refuses the whole batch and nothing is written (nor the batch id kept).</param>
public sealed record DirectorySyncBatch(
    string RegionCode, string BatchId, string ClientId, DirectoryFileFormat Format, ReadOnlyMemory<byte> Body, int MaxRows, bool Atomic);

/// <summary>What became of a batch.</summary>
public enum DirectorySyncStatus
{
    /// <summary>Applied now, in one transaction, and stored under its batch id.</summary>
    Applied,

    /// <summary>The batch id was applied before with the same body: nothing changed, the stored outcome is returned.</summary>
    Replayed,

    /// <summary>The batch id was applied before with another body: nothing changed; the client must choose a new id.</summary>
    Conflict,

    /// <summary>An atomic batch had rejected rows: nothing was written and the batch id stays unused.</summary>
    Refused,
}

/// <summary>The stored outcome of an applied batch: counts and rejected rows (reasons name fields, never values).</summary>
public sealed record DirectorySyncOutcome(
    string BatchId,
    string ClientId,
    DateTimeOffset ReceivedAt,
    int Rows,
    int Inserted,
    int Updated,
    int Unchanged,
    int Removed,
    int Deactivated,
    int LinksRemoved,
    int RelationsRemoved,
    int TokensRevoked,
    IReadOnlyList<RejectedRow> Rejected);

/// <summary>The answer to <see cref="DirectorySyncBatches.ApplyAsync"/>: the outcome (applied, replayed), or the
/// rejected rows of a refused atomic batch.</summary>
public sealed record DirectorySyncResult(DirectorySyncStatus Status, DirectorySyncOutcome? Outcome, IReadOnlyList<RejectedRow> Rejected);
