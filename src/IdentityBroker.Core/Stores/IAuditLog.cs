namespace IdentityBroker.Core.Stores;

public interface IAuditLog
{
    Task RecordAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>Looks up records by the reference number shown to a user (R-ERR-1).</summary>
    Task<IReadOnlyList<AuditRecord>> FindByReferenceAsync(string referenceNumber, CancellationToken cancellationToken);

    /// <summary>
    /// R-ERR-1: the most recent records (newest first, at most <paramref name="max"/>, not before <paramref name="since"/>) of ONE
    /// person in ONE region, found by any of the person's keyed hashes given (records matching at least one). Nothing else.
    /// </summary>
    Task<IReadOnlyList<AuditRecord>> FindByPersonAsync(string regionCode, PersonAuditKeys keys, DateTimeOffset since, int max, CancellationToken cancellationToken);

    /// <summary>Retention: deletes up to <paramref name="batchSize"/> records older than <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken);
}

/// <summary>The keyed hashes a person can be found by in the audit (R-ERR-1). At least one must be set.</summary>
public sealed record PersonAuditKeys(string? SnilsHash, string? NameBirthHash, string? EsiaSubjectHash);
