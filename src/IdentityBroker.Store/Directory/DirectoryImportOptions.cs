namespace IdentityBroker.Store.Directory;

/// <summary>How <see cref="DirectoryImporter"/> treats accounts the file does not mention (FORMATS.md "Removal"), and the
/// limits and audit of a directory sync batch (docs/directory-sync.md).</summary>
public sealed record DirectoryImportOptions
{
    /// <summary>The default: an upsert; accounts absent from the file are kept, only rows marked <c>removed</c> remove.</summary>
    public static readonly DirectoryImportOptions Upsert = new();

    /// <summary>
    /// The file is the region's whole directory: accounts of the region whose id appears on no line of the file are removed
    /// (R-MATCH-7), guarded by <see cref="MaxRemovedShare"/>.
    /// </summary>
    public bool FullSync { get; init; }

    /// <summary>
    /// A full sync that would remove more than this share of the region's stored accounts is refused and writes nothing
    /// (<see cref="DirectoryImportRefusedException"/>); 1 forces any removal. Default 0.1 (10 %).
    /// </summary>
    public double MaxRemovedShare { get; init; } = 0.1;

    /// <summary>More rows than this (rejected ones included) refuse the whole input, nothing written
    /// (<see cref="DirectoryBatchTooLargeException"/>). Null: no limit (files).</summary>
    public int? MaxRows { get; init; }

    /// <summary>
    /// When set, every inserted, updated and removed account is an audit record (<see cref="DirectoryAuditEvents.Change"/>)
    /// with this detail, e.g. "directory sync batch 2026-12-02-001". The sync API sets it; a file import of millions of
    /// rows does not (its counts are logged), but its deactivations and removals are audited either way.
    /// </summary>
    public string? AuditSource { get; init; }

    /// <summary>The client whose change it is, on the audit records (the sync API's caller).</summary>
    public string? AuditClientId { get; init; }

    /// <summary>From how many staged accounts an import into an EMPTY directory rebuilds the indexes after the load
    /// (<see cref="DirectoryBulkLoad"/>); tests lower it to exercise that path with a small file.</summary>
    internal long BulkLoadMinimumRows { get; init; } = DirectoryBulkLoad.MinimumRows;
}
