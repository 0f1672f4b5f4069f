using IdentityBroker.Core.Consent;
using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>
/// PostgreSQL <see cref="IFamilyRelationStore"/> (R-CONSENT-6): <c>family_relations</c>. A replacement deletes the parent's
/// rows and inserts the new set in one transaction, under a transaction-level advisory lock on the parent, so two
/// sign-ins of the same parent at once leave exactly one of their sets (never a unique violation, never a mix).
/// </summary>
internal sealed class FamilyRelationStore(IDbContextFactory<BrokerDbContext> contextFactory) : IFamilyRelationStore
{
    public async Task ReplaceAsync(string regionCode, string parentEsiaSubjectHash, IReadOnlyList<FamilyRelation> children, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(regionCode);
        ArgumentException.ThrowIfNullOrEmpty(parentEsiaSubjectHash);
        ArgumentNullException.ThrowIfNull(children);
        if (children.Any(c => c.RegionCode != regionCode || c.ParentEsiaSubjectHash != parentEsiaSubjectHash))
        {
            throw new ArgumentException("Every relation must be of the given region and parent.", nameof(children));
        }

        // one row per child (the key); a child named twice keeps its last entry
        var rows = children.GroupBy(c => c.ChildAccountId, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var childIds = rows.Select(c => c.ChildAccountId).ToArray();
        var childHashes = rows.Select(c => c.ChildEsiaSubjectHash).ToArray();
        var verifiedAt = rows.Select(c => c.VerifiedAt.ToUniversalTime()).ToArray();

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlAsync(
            $"SELECT pg_advisory_xact_lock({AdvisoryLocks.FamilyRelationClass}, hashtext({regionCode} || '/' || {parentEsiaSubjectHash}))",
            cancellationToken).ConfigureAwait(false);
        await db.FamilyRelations
            .Where(r => r.RegionCode == regionCode && r.ParentEsiaSubjectHash == parentEsiaSubjectHash)
            .ExecuteDeleteAsync(cancellationToken)
            .ConfigureAwait(false);
        if (rows.Count > 0)
        {
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO broker.family_relations (region_code, parent_esia_subject_hash, child_account_id, child_esia_subject_hash, verified_at)
                SELECT {regionCode}, {parentEsiaSubjectHash}, u.child_account_id, u.child_esia_subject_hash, u.verified_at
                FROM unnest({childIds}::text[], {childHashes}::text[], {verifiedAt}::timestamptz[]) AS u(child_account_id, child_esia_subject_hash, verified_at)
                """,
                cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<FamilyRelation>> FindChildrenAsync(string regionCode, string parentEsiaSubjectHash, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.FamilyRelations
            .AsNoTracking()
            .Where(r => r.RegionCode == regionCode && r.ParentEsiaSubjectHash == parentEsiaSubjectHash)
            .OrderBy(r => r.ChildAccountId)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(ConsentMapper.ToRecord).ToList().AsReadOnly();
    }

    public async Task<IReadOnlyList<FamilyRelation>> FindParentsAsync(string regionCode, string childAccountId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.FamilyRelations
            .AsNoTracking()
            .Where(r => r.RegionCode == regionCode && r.ChildAccountId == childAccountId)
            .OrderBy(r => r.ParentEsiaSubjectHash)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(ConsentMapper.ToRecord).ToList().AsReadOnly();
    }
}
