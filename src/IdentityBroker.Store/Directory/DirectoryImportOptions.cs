namespace IdentityBroker.Store.Directory;

/// <summary>How <see cref="DirectoryImporter"/> treats accounts the file does not mention (FORMATS.md "Removal").</summary>
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
}
