using System.Linq.Expressions;
using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Entities;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>PostgreSQL <see cref="IDiaryDirectory"/>: the matching lookups over imported <c>diary_accounts</c>.</summary>
/// <remarks>The login lookup uses the expression index <c>ix_diary_accounts_region_code_lower_login</c> on
/// <c>(region_code, lower(login))</c>, created by raw SQL in the SignInRulesAndConsent migration (EF models no expression
/// indexes).</remarks>
internal sealed class DiaryDirectory(IDbContextFactory<BrokerDbContext> contextFactory) : IDiaryDirectory
{
    public async Task<DiaryAccount?> GetAsync(string regionCode, string accountId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(regionCode, a => a.Id == accountId, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>R-MATCH-2: one probe of ix (region_code, snils_hash); the column is the HMAC's bytes, so a key that is
    /// not a hex HMAC (never produced by <c>PersonalDataHasher</c>) matches nothing instead of failing the conversion.</summary>
    public Task<IReadOnlyList<DiaryAccount>> FindBySnilsHashAsync(string regionCode, string snilsHash, CancellationToken cancellationToken) =>
        snilsHash is { Length: > 0 } && snilsHash.Length % 2 == 0 && snilsHash.All(char.IsAsciiHexDigit)
            ? FindAsync(regionCode, a => a.SnilsHash == snilsHash, cancellationToken)
            : Task.FromResult<IReadOnlyList<DiaryAccount>>([]);

    public Task<IReadOnlyList<DiaryAccount>> FindByNormalizedNameAsync(string regionCode, string normalizedFullName, CancellationToken cancellationToken) =>
        FindAsync(regionCode, a => a.NormalizedName == normalizedFullName, cancellationToken);

    public Task<IReadOnlyList<DiaryAccount>> FindByBirthDateAsync(string regionCode, DateOnly birthDate, CancellationToken cancellationToken) =>
        FindAsync(regionCode, a => a.BirthDate == birthDate, cancellationToken);

    /// <summary>R-CONSENT-3: the parents whose <c>diary_relations</c> name the child (index on (region_code, child_id)).</summary>
    public async Task<IReadOnlyList<DiaryAccount>> FindParentsAsync(string regionCode, string childAccountId, CancellationToken cancellationToken)
    {
        List<string> parentIds;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            parentIds = await db.DiaryRelations
                .AsNoTracking()
                .Where(r => r.RegionCode == regionCode && r.ChildId == childAccountId)
                .Select(r => r.ParentId)
                .ToListAsync(cancellationToken)
                .ConfigureAwait(false);
        }

        return parentIds.Count == 0 ? [] : await FindAsync(regionCode, a => parentIds.Contains(a.Id), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// R-MATCH-6, R-REGION-3: the account whose login equals <paramref name="login"/> ignoring case (PostgreSQL
    /// <c>lower()</c> on both sides). The diary's own unique key is case-sensitive, so two logins may differ only in case:
    /// then the exact spelling wins, and without one the login is ambiguous and nothing is returned.
    /// </summary>
    public async Task<DiaryCredentials?> FindCredentialsByLoginAsync(string regionCode, string login, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(login);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.DiaryAccounts
            .FromSql($"SELECT * FROM broker.diary_accounts WHERE region_code = {regionCode} AND lower(login) = lower({login})")
            .AsNoTracking()
            .Select(a => new { a.Id, a.Login, a.PasswordHash })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var match = rows.FirstOrDefault(r => string.Equals(r.Login, login, StringComparison.Ordinal)) ?? (rows.Count == 1 ? rows[0] : null);
        return match is null ? null : new DiaryCredentials(match.Id, match.Login, match.PasswordHash);
    }

    /// <summary>
    /// R-MATCH-3: name AND birth date in one probe of ix (region_code, normalized_name, birth_date), so a popular name does
    /// not bring back (or make the database read) its thousands of accounts.
    /// </summary>
    public Task<IReadOnlyList<DiaryAccount>> FindByNameAndBirthDateAsync(string regionCode, string normalizedFullName, DateOnly birthDate, CancellationToken cancellationToken) =>
        FindAsync(regionCode, a => a.NormalizedName == normalizedFullName && a.BirthDate == birthDate, cancellationToken);

    /// <summary>An index-only existence check on the (region_code, normalized_name) prefix of the name + birth date index.</summary>
    public async Task<bool> AnyWithNormalizedNameAsync(string regionCode, string normalizedFullName, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.DiaryAccounts
            .AnyAsync(a => a.RegionCode == regionCode && a.NormalizedName == normalizedFullName, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// The accounts and their children in ONE statement (a LEFT JOIN on the relations' primary key), so a lookup is one
    /// round trip; the latency target of issue #5 (p99 &lt; 2 ms) leaves no room for a second.
    /// </summary>
    private async Task<IReadOnlyList<DiaryAccount>> FindAsync(
        string regionCode,
        Expression<Func<DiaryAccountEntity, bool>> predicate,
        CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.DiaryAccounts
            .AsNoTracking()
            .Where(a => a.RegionCode == regionCode)
            .Where(predicate)
            .OrderBy(a => a.Id)
            .Select(a => new
            {
                Account = a,
                Children = db.DiaryRelations
                    .Where(r => r.RegionCode == a.RegionCode && r.ParentId == a.Id)
                    .OrderBy(r => r.ChildId)
                    .Select(r => r.ChildId)
                    .ToList(),
            })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows
            .Select(r => DiaryAccountMapper.ToRecord(r.Account, r.Children.AsReadOnly()))
            .ToList()
            .AsReadOnly();
    }
}
