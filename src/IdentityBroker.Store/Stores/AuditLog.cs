using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>PostgreSQL <see cref="IAuditLog"/>: append-only <c>audit_records</c>, deleted only by retention.</summary>
internal sealed class AuditLog(IDbContextFactory<BrokerDbContext> contextFactory) : IAuditLog
{
    public async Task RecordAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        db.AuditRecords.Add(AuditRecordMapper.ToEntity(record));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditRecord>> FindByReferenceAsync(string referenceNumber, CancellationToken cancellationToken)
    {
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        var rows = await db.AuditRecords
            .AsNoTracking()
            .Where(r => r.ReferenceNumber == referenceNumber)
            .OrderBy(r => r.At)
            .ThenBy(r => r.Id)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(AuditRecordMapper.ToRecord).ToList().AsReadOnly();
    }

    /// <summary>
    /// R-ERR-1: one branch per person key, each an index scan of (region_code, key, at) read newest first and cut at
    /// <paramref name="max"/>; the union (a record matching two keys counts once) is cut again. A key given as null matches
    /// nothing.
    /// </summary>
    public async Task<IReadOnlyList<AuditRecord>> FindByPersonAsync(string regionCode, PersonAuditKeys keys, DateTimeOffset since, int max, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(regionCode);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        if (keys.SnilsHash is null && keys.NameBirthHash is null && keys.EsiaSubjectHash is null)
        {
            throw new ArgumentException("At least one person key must be given.", nameof(keys));
        }

        var utcSince = since.ToUniversalTime();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        var rows = await db.AuditRecords
            .FromSql($"""
                SELECT * FROM (
                    (SELECT * FROM broker.audit_records
                     WHERE region_code = {regionCode} AND person_snils_hash = {keys.SnilsHash} AND at >= {utcSince}
                     ORDER BY at DESC, id DESC LIMIT {max})
                    UNION
                    (SELECT * FROM broker.audit_records
                     WHERE region_code = {regionCode} AND person_name_birth_hash = {keys.NameBirthHash} AND at >= {utcSince}
                     ORDER BY at DESC, id DESC LIMIT {max})
                    UNION
                    (SELECT * FROM broker.audit_records
                     WHERE region_code = {regionCode} AND esia_subject_hash = {keys.EsiaSubjectHash} AND at >= {utcSince}
                     ORDER BY at DESC, id DESC LIMIT {max})
                ) AS person
                ORDER BY at DESC, id DESC
                LIMIT {max}
                """)
            .AsNoTracking()
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(AuditRecordMapper.ToRecord).ToList().AsReadOnly();
    }

    /// <summary>Retention: one batched <c>DELETE … WHERE id IN (SELECT … LIMIT n)</c> over the index on <c>at</c>.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var utcCutoff = cutoff.ToUniversalTime();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        return await DeleteOlderThanAsync(db, utcCutoff, batchSize, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The batched delete through the caller's context (and transaction, for <see cref="ExpiredStateCleaner"/>).</summary>
    internal static Task<int> DeleteOlderThanAsync(BrokerDbContext db, DateTimeOffset utcCutoff, int batchSize, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"""
            DELETE FROM broker.audit_records
            WHERE id IN (SELECT id FROM broker.audit_records WHERE at < {utcCutoff} ORDER BY at LIMIT {batchSize})
            """,
            cancellationToken);
}
