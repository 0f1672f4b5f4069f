namespace IdentityBroker.Store.Directory;

/// <summary>The outcome of one <see cref="DirectoryImporter.ImportAsync"/>. Holds counts and reasons, never personal data.</summary>
/// <param name="Inserted">Accounts that did not exist in the region.</param>
/// <param name="Updated">Existing accounts whose data or children changed.</param>
/// <param name="Unchanged">Existing accounts identical to the file.</param>
/// <param name="Rejected">Rows not imported, in line order.</param>
public sealed record ImportReport(int Inserted, int Updated, int Unchanged, IReadOnlyList<RejectedRow> Rejected);
