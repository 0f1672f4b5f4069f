using IdentityBroker.Core.Consent;
using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Configurations;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>
/// PostgreSQL <see cref="IDataConsentStore"/> (R-CONSENT-1): <c>data_consents</c>, at most one active row per person and
/// region (partial unique index <see cref="DataConsentConfiguration.ActiveIndex"/>). A grant takes a transaction-level
/// advisory lock on the person, closes an active consent of another version and inserts; simultaneous grants therefore
/// run one after the other, and the insert's <c>ON CONFLICT … DO NOTHING</c> turns a repeated grant of the same version into
/// a read of the active row, never an exception.
/// </summary>
internal sealed class DataConsentStore(IDbContextFactory<BrokerDbContext> contextFactory) : IDataConsentStore
{
    public async Task<DataConsent?> FindActiveAsync(string regionCode, string esiaSubjectHash, CancellationToken cancellationToken)
    {
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        var row = await FindActiveAsync(db, regionCode, esiaSubjectHash, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ConsentMapper.ToRecord(row);
    }

    public async Task<DataConsent> GrantAsync(string regionCode, string esiaSubjectHash, string textVersion, string clientId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(regionCode);
        ArgumentException.ThrowIfNullOrEmpty(esiaSubjectHash);
        ArgumentException.ThrowIfNullOrEmpty(textVersion);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        var utcNow = now.ToUniversalTime();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        await using var transaction = await StoreContexts.BeginAsync(db, cancellationToken).ConfigureAwait(false);
        await LockPersonAsync(db, regionCode, esiaSubjectHash, cancellationToken).ConfigureAwait(false);
        await db.DataConsents
            .Where(c => c.RegionCode == regionCode && c.EsiaSubjectHash == esiaSubjectHash && c.RevokedAt == null && c.TextVersion != textVersion)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, utcNow), cancellationToken)
            .ConfigureAwait(false);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO broker.data_consents (region_code, esia_subject_hash, text_version, client_id, granted_at)
            VALUES ({regionCode}, {esiaSubjectHash}, {textVersion}, {clientId}, {utcNow})
            ON CONFLICT (region_code, esia_subject_hash) WHERE revoked_at IS NULL DO NOTHING
            """,
            cancellationToken).ConfigureAwait(false);
        var active = await FindActiveAsync(db, regionCode, esiaSubjectHash, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("data_consents: no active row after a grant under the person's lock");
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return ConsentMapper.ToRecord(active);
    }

    /// <summary>Under the same person lock as a grant, so a grant never sees its active row vanish mid-transaction.</summary>
    public async Task<bool> RevokeAsync(string regionCode, string esiaSubjectHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var utcNow = now.ToUniversalTime();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        await using var transaction = await StoreContexts.BeginAsync(db, cancellationToken).ConfigureAwait(false);
        await LockPersonAsync(db, regionCode, esiaSubjectHash, cancellationToken).ConfigureAwait(false);
        var revoked = await db.DataConsents
            .Where(c => c.RegionCode == regionCode && c.EsiaSubjectHash == esiaSubjectHash && c.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, utcNow), cancellationToken)
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return revoked > 0;
    }

    private static Task<Entities.DataConsentEntity?> FindActiveAsync(BrokerDbContext db, string regionCode, string esiaSubjectHash, CancellationToken cancellationToken) =>
        db.DataConsents
            .AsNoTracking()
            .SingleOrDefaultAsync(c => c.RegionCode == regionCode && c.EsiaSubjectHash == esiaSubjectHash && c.RevokedAt == null, cancellationToken);

    private static Task<int> LockPersonAsync(BrokerDbContext db, string regionCode, string esiaSubjectHash, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"SELECT pg_advisory_xact_lock({AdvisoryLocks.DataConsentClass}, hashtext({regionCode} || '/' || {esiaSubjectHash}))",
            cancellationToken);
}
