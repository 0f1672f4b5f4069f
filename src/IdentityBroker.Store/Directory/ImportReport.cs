namespace IdentityBroker.Store.Directory;

/// <summary>The outcome of one <see cref="DirectoryImporter.ImportAsync(string, Stream, DirectoryFileFormat, IdentityBroker.Core.Privacy.PersonalDataHasher, DirectoryImportOptions, CancellationToken)"/>.
/// Holds counts and reasons, never personal data.</summary>
/// <param name="Inserted">Accounts that did not exist in the region.</param>
/// <param name="Updated">Existing accounts whose data, password hash or children changed.</param>
/// <param name="Unchanged">Existing accounts identical to the file.</param>
/// <param name="Rejected">Rows not imported, in line order.</param>
public sealed record ImportReport(int Inserted, int Updated, int Unchanged, IReadOnlyList<RejectedRow> Rejected)
{
    /// <summary>Accounts removed (R-MATCH-7): rows marked <c>removed</c>, and with a full sync the accounts absent from the file.</summary>
    public int Removed { get; init; }

    /// <summary>Links between ESIA people and the removed accounts, deleted and audited (R-MATCH-7).</summary>
    public int LinksRemoved { get; init; }

    /// <summary>Parent–child relations deleted with the removed accounts (as parent, or as child of a parent not in the file).</summary>
    public int RelationsRemoved { get; init; }

    /// <summary>
    /// Imported rows whose name mixes Cyrillic and Latin letters (imported, but they cannot match a Cyrillic ESIA name under
    /// R-MATCH-4: the school should correct them), in line order. Line numbers and account ids only.
    /// </summary>
    public IReadOnlyList<MixedScriptRow> MixedScriptNames { get; init; } = [];

    /// <summary>Accounts that were usable and are no longer (R-MATCH-8: deactivated, or no school left); their refresh tokens were revoked.</summary>
    public int Deactivated { get; init; }

    /// <summary>Refresh tokens revoked because their account was removed or deactivated: the next refresh is refused.</summary>
    public int TokensRevoked { get; init; }

    /// <summary>Rows read (blank JSON lines and the CSV header not counted), rejected ones included.</summary>
    public int Rows { get; init; }
}
