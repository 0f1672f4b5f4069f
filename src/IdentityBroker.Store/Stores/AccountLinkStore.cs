using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>PostgreSQL <see cref="IAccountLinkStore"/>: <c>INSERT … ON CONFLICT DO NOTHING</c>, then read the stored link.</summary>
internal sealed class AccountLinkStore(IDbContextFactory<BrokerDbContext> contextFactory) : IAccountLinkStore
{
    public async Task<IReadOnlyList<AccountLink>> FindAsync(string regionCode, string esiaSubjectHash, CancellationToken cancellationToken)
    {
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        var rows = await db.AccountLinks
            .AsNoTracking()
            .Where(l => l.RegionCode == regionCode && l.EsiaSubjectHash == esiaSubjectHash)
            .OrderBy(l => l.LinkedAt)
            .ThenBy(l => l.DiaryAccountId)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(AccountLinkMapper.ToRecord).ToList().AsReadOnly();
    }

    public async Task<IReadOnlyList<AccountLink>> FindByAccountAsync(string regionCode, string diaryAccountId, CancellationToken cancellationToken)
    {
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        var rows = await db.AccountLinks
            .AsNoTracking()
            .Where(l => l.RegionCode == regionCode && l.DiaryAccountId == diaryAccountId)
            .OrderBy(l => l.LinkedAt)
            .ThenBy(l => l.EsiaSubjectHash)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(AccountLinkMapper.ToRecord).ToList().AsReadOnly();
    }

    public async Task<(AccountLink Link, bool Created)> LinkAsync(AccountLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var linkedAt = link.LinkedAt.ToUniversalTime();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        var inserted = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO broker.account_links (region_code, esia_subject_hash, diary_account_id, method, linked_at)
            VALUES ({link.RegionCode}, {link.EsiaSubjectHash}, {link.DiaryAccountId}, {link.Method}, {linkedAt})
            ON CONFLICT (region_code, esia_subject_hash, diary_account_id) DO NOTHING
            """,
            cancellationToken).ConfigureAwait(false);

        // A concurrent UnlinkAsync between the two statements could remove the row; then the caller's link is reported
        // as stored, which is what the caller asked for.
        var stored = await db.AccountLinks
            .AsNoTracking()
            .FirstOrDefaultAsync(
                l => l.RegionCode == link.RegionCode && l.EsiaSubjectHash == link.EsiaSubjectHash && l.DiaryAccountId == link.DiaryAccountId,
                cancellationToken)
            .ConfigureAwait(false);
        return (stored is null ? link : AccountLinkMapper.ToRecord(stored), inserted == 1);
    }

    public async Task<bool> UnlinkAsync(string regionCode, string esiaSubjectHash, string diaryAccountId, CancellationToken cancellationToken)
    {
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        var deleted = await db.AccountLinks
            .Where(l => l.RegionCode == regionCode && l.EsiaSubjectHash == esiaSubjectHash && l.DiaryAccountId == diaryAccountId)
            .ExecuteDeleteAsync(cancellationToken)
            .ConfigureAwait(false);
        return deleted > 0;
    }
}
