namespace IdentityBroker.Store.Directory;

/// <summary>Audit event types written by the directory merge (both the file import and the sync API).</summary>
public static class DirectoryAuditEvents
{
    /// <summary>
    /// A diary account changed through the directory. Outcome <c>inserted</c>, <c>updated</c>, <c>removed</c> (each only
    /// with an audit source, i.e. from the sync API; detail "directory sync batch ID") or <c>deactivated</c> (always;
    /// rule R-MATCH-8, the account's refresh tokens were revoked). Never personal data: the diary id and the source.
    /// </summary>
    public const string Change = "directory_change";
}
