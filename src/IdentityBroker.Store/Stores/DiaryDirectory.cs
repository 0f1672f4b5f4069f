using System.Linq.Expressions;
using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Entities;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>PostgreSQL <see cref="IDiaryDirectory"/>: the matching lookups over imported <c>diary_accounts</c>.</summary>
internal sealed class DiaryDirectory(IDbContextFactory<BrokerDbContext> contextFactory) : IDiaryDirectory
{
    public async Task<DiaryAccount?> GetAsync(string regionCode, string accountId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(regionCode, a => a.Id == accountId, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<DiaryAccount>> FindBySnilsHashAsync(string regionCode, string snilsHash, CancellationToken cancellationToken) =>
        FindAsync(regionCode, a => a.SnilsHash == snilsHash, cancellationToken);

    public Task<IReadOnlyList<DiaryAccount>> FindByNormalizedNameAsync(string regionCode, string normalizedFullName, CancellationToken cancellationToken) =>
        FindAsync(regionCode, a => a.NormalizedName == normalizedFullName, cancellationToken);

    public Task<IReadOnlyList<DiaryAccount>> FindByBirthDateAsync(string regionCode, DateOnly birthDate, CancellationToken cancellationToken) =>
        FindAsync(regionCode, a => a.BirthDate == birthDate, cancellationToken);

    private async Task<IReadOnlyList<DiaryAccount>> FindAsync(
        string regionCode,
        Expression<Func<DiaryAccountEntity, bool>> predicate,
        CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var accounts = await db.DiaryAccounts
            .AsNoTracking()
            .Where(a => a.RegionCode == regionCode)
            .Where(predicate)
            .OrderBy(a => a.Id)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        if (accounts.Count == 0)
        {
            return [];
        }

        var ids = accounts.Select(a => a.Id).ToList();
        var relations = await db.DiaryRelations
            .AsNoTracking()
            .Where(r => r.RegionCode == regionCode && ids.Contains(r.ParentId))
            .OrderBy(r => r.ChildId)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var children = relations.ToLookup(r => r.ParentId, r => r.ChildId, StringComparer.Ordinal);
        return accounts
            .Select(a => DiaryAccountMapper.ToRecord(a, children[a.Id].ToList().AsReadOnly()))
            .ToList()
            .AsReadOnly();
    }
}
