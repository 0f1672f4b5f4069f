using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>PostgreSQL <see cref="IAuditLog"/>: append-only <c>audit_records</c>.</summary>
internal sealed class AuditLog(IDbContextFactory<BrokerDbContext> contextFactory) : IAuditLog
{
    public async Task RecordAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.AuditRecords.Add(AuditRecordMapper.ToEntity(record));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditRecord>> FindByReferenceAsync(string referenceNumber, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.AuditRecords
            .AsNoTracking()
            .Where(r => r.ReferenceNumber == referenceNumber)
            .OrderBy(r => r.At)
            .ThenBy(r => r.Id)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(AuditRecordMapper.ToRecord).ToList().AsReadOnly();
    }
}
