using IdentityBroker.Core.Consent;
using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Configurations;
using IdentityBroker.Store.Entities;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>
/// PostgreSQL <see cref="IParentalConsentStore"/> (R-CONSENT-2..5): <c>parental_consents</c> (one active per child,
/// <see cref="ParentalConsentConfiguration.ActiveIndex"/>) and <c>consent_requests</c> (one pending per child,
/// <see cref="ConsentRequestConfiguration.PendingIndex"/>). Every change and its notifications commit in one transaction,
/// and notifications are written only when this call made the change. Races are settled by the partial unique indexes
/// (<c>INSERT … ON CONFLICT DO NOTHING</c>, then read) and by conditional <c>UPDATE</c>s, so callers never see a
/// unique violation.
/// </summary>
internal sealed class ParentalConsentStore(IDbContextFactory<BrokerDbContext> contextFactory) : IParentalConsentStore
{
    /// <summary>A row can change between the insert that conflicted and the read (decided, revoked): then try again.</summary>
    private const int MaxRounds = 5;

    public async Task<ParentalConsent?> FindActiveAsync(string regionCode, string childAccountId, CancellationToken cancellationToken)
    {
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        var row = await FindActiveAsync(db, regionCode, childAccountId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ConsentMapper.ToRecord(row);
    }

    public async Task<IReadOnlyList<ParentalConsent>> FindActiveForChildrenAsync(string regionCode, IReadOnlyList<string> childAccountIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(childAccountIds);
        if (childAccountIds.Count == 0)
        {
            return [];
        }

        var ids = childAccountIds.ToArray();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        var rows = await db.ParentalConsents
            .AsNoTracking()
            .Where(c => c.RegionCode == regionCode && c.RevokedAt == null && ids.Contains(c.ChildAccountId))
            .OrderBy(c => c.ChildAccountId)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(ConsentMapper.ToRecord).ToList().AsReadOnly();
    }

    /// <summary>R-CONSENT-3: <c>INSERT … ON CONFLICT DO NOTHING</c> on the pending index, then read the pending row.</summary>
    public async Task<(ConsentRequest Request, bool Created)> RequestAsync(string regionCode, string childAccountId, DateTimeOffset now, IReadOnlyList<OutboxMessage> notifications, CancellationToken cancellationToken, Guid? newRequestId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(regionCode);
        ArgumentException.ThrowIfNullOrEmpty(childAccountId);
        ArgumentNullException.ThrowIfNull(notifications);
        var utcNow = now.ToUniversalTime();
        var id = newRequestId ?? Guid.NewGuid();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        for (var round = 0; round < MaxRounds; round++)
        {
            await using var transaction = await StoreContexts.BeginAsync(db, cancellationToken).ConfigureAwait(false);
            var created = await db.ConsentRequests
                .FromSql($"""
                    INSERT INTO broker.consent_requests (id, region_code, child_account_id, created_at, status)
                    VALUES ({id}, {regionCode}, {childAccountId}, {utcNow}, {ConsentRequestStatuses.Pending})
                    ON CONFLICT (region_code, child_account_id) WHERE status = 'pending' DO NOTHING
                    RETURNING *
                    """)
                .AsNoTracking()
                .ToListAsync(cancellationToken)
                .ConfigureAwait(false);
            if (created.Count == 1)
            {
                await OutboxWriter.InsertAsync(db, notifications, ignoreDuplicateKeys: true, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (ConsentMapper.ToRecord(created[0]), true);
            }

            var pending = await db.ConsentRequests
                .AsNoTracking()
                .SingleOrDefaultAsync(r => r.RegionCode == regionCode && r.ChildAccountId == childAccountId && r.Status == ConsentRequestStatuses.Pending, cancellationToken)
                .ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (pending is not null)
            {
                return (ConsentMapper.ToRecord(pending), false);
            }
        }

        throw new InvalidOperationException($"consent_requests: no stable pending request after {MaxRounds} rounds");
    }

    public async Task<IReadOnlyList<ConsentRequest>> FindPendingAsync(string regionCode, IReadOnlyList<string> childAccountIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(childAccountIds);
        if (childAccountIds.Count == 0)
        {
            return [];
        }

        var ids = childAccountIds.ToArray();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        var rows = await db.ConsentRequests
            .AsNoTracking()
            .Where(r => r.RegionCode == regionCode && r.Status == ConsentRequestStatuses.Pending && ids.Contains(r.ChildAccountId))
            .OrderBy(r => r.CreatedAt)
            .ThenBy(r => r.ChildAccountId)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(ConsentMapper.ToRecord).ToList().AsReadOnly();
    }

    /// <summary>R-CONSENT-2/4: insert on the active index; when this call granted, the pending request closes as granted.</summary>
    public async Task<(ParentalConsent Consent, bool Created)> GrantAsync(string regionCode, string childAccountId, string parentEsiaSubjectHash, string? parentAccountId, DateTimeOffset now, IReadOnlyList<OutboxMessage> notifications, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(regionCode);
        ArgumentException.ThrowIfNullOrEmpty(childAccountId);
        ArgumentException.ThrowIfNullOrEmpty(parentEsiaSubjectHash);
        ArgumentNullException.ThrowIfNull(notifications);
        var utcNow = now.ToUniversalTime();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        for (var round = 0; round < MaxRounds; round++)
        {
            await using var transaction = await StoreContexts.BeginAsync(db, cancellationToken).ConfigureAwait(false);
            var created = await db.ParentalConsents
                .FromSql($"""
                    INSERT INTO broker.parental_consents (region_code, child_account_id, granted_by_esia_subject_hash, granted_by_account_id, granted_at)
                    VALUES ({regionCode}, {childAccountId}, {parentEsiaSubjectHash}, {parentAccountId}, {utcNow})
                    ON CONFLICT (region_code, child_account_id) WHERE revoked_at IS NULL DO NOTHING
                    RETURNING *
                    """)
                .AsNoTracking()
                .ToListAsync(cancellationToken)
                .ConfigureAwait(false);
            if (created.Count == 1)
            {
                await CloseRequestAsync(db, regionCode, childAccountId, ConsentRequestStatuses.Granted, parentEsiaSubjectHash, utcNow, cancellationToken).ConfigureAwait(false);
                await OutboxWriter.InsertAsync(db, notifications, ignoreDuplicateKeys: true, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (ConsentMapper.ToRecord(created[0]), true);
            }

            var active = await FindActiveAsync(db, regionCode, childAccountId, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (active is not null)
            {
                return (ConsentMapper.ToRecord(active), false);
            }
        }

        throw new InvalidOperationException($"parental_consents: no stable active consent after {MaxRounds} rounds");
    }

    /// <summary>R-CONSENT-3: closes the pending request as declined; notifications only when one was pending.</summary>
    public async Task<bool> DeclineAsync(string regionCode, string childAccountId, string parentEsiaSubjectHash, DateTimeOffset now, IReadOnlyList<OutboxMessage> notifications, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(parentEsiaSubjectHash);
        ArgumentNullException.ThrowIfNull(notifications);
        var utcNow = now.ToUniversalTime();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        await using var transaction = await StoreContexts.BeginAsync(db, cancellationToken).ConfigureAwait(false);
        var closed = await CloseRequestAsync(db, regionCode, childAccountId, ConsentRequestStatuses.Declined, parentEsiaSubjectHash, utcNow, cancellationToken).ConfigureAwait(false);
        if (closed == 0)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        await OutboxWriter.InsertAsync(db, notifications, ignoreDuplicateKeys: true, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>R-CONSENT-5: the active row gets revoked_at and revoked_by (kept for audit); notifications only when one was active.</summary>
    public async Task<bool> RevokeAsync(string regionCode, string childAccountId, string parentEsiaSubjectHash, DateTimeOffset now, IReadOnlyList<OutboxMessage> notifications, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(parentEsiaSubjectHash);
        ArgumentNullException.ThrowIfNull(notifications);
        var utcNow = now.ToUniversalTime();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        await using var transaction = await StoreContexts.BeginAsync(db, cancellationToken).ConfigureAwait(false);
        var revoked = await db.ParentalConsents
            .Where(c => c.RegionCode == regionCode && c.ChildAccountId == childAccountId && c.RevokedAt == null)
            .ExecuteUpdateAsync(
                s => s.SetProperty(c => c.RevokedAt, utcNow).SetProperty(c => c.RevokedByEsiaSubjectHash, parentEsiaSubjectHash),
                cancellationToken)
            .ConfigureAwait(false);
        if (revoked == 0)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        await OutboxWriter.InsertAsync(db, notifications, ignoreDuplicateKeys: true, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static Task<ParentalConsentEntity?> FindActiveAsync(BrokerDbContext db, string regionCode, string childAccountId, CancellationToken cancellationToken) =>
        db.ParentalConsents
            .AsNoTracking()
            .SingleOrDefaultAsync(c => c.RegionCode == regionCode && c.ChildAccountId == childAccountId && c.RevokedAt == null, cancellationToken);

    private static Task<int> CloseRequestAsync(BrokerDbContext db, string regionCode, string childAccountId, string status, string decidedBy, DateTimeOffset utcNow, CancellationToken cancellationToken) =>
        db.ConsentRequests
            .Where(r => r.RegionCode == regionCode && r.ChildAccountId == childAccountId && r.Status == ConsentRequestStatuses.Pending)
            .ExecuteUpdateAsync(
                s => s.SetProperty(r => r.Status, status).SetProperty(r => r.DecidedAt, utcNow).SetProperty(r => r.DecidedByEsiaSubjectHash, decidedBy),
                cancellationToken);
}
