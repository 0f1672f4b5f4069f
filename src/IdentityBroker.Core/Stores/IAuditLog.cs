namespace IdentityBroker.Core.Stores;

public interface IAuditLog
{
    Task RecordAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>Looks up records by the reference number shown to a user (R-ERR-1).</summary>
    Task<IReadOnlyList<AuditRecord>> FindByReferenceAsync(string referenceNumber, CancellationToken cancellationToken);
}
