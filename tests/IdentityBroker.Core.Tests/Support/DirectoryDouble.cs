using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Stores;

namespace IdentityBroker.Core.Tests;

/// <summary>
/// The one list-backed directory and link store of the Core tests, for unit-testing the decision and consent logic alone.
/// The real stores are tested on PostgreSQL in IdentityBroker.Store.Tests, and the whole flow end to end in
/// IdentityBroker.IntegrationTests.
/// </summary>
internal sealed class DirectoryDouble : IDiaryDirectory, IAccountLinkStore
{
    public List<DiaryAccount> Accounts { get; } = [];

    public List<AccountLink> Links { get; } = [];

    public Task<DiaryAccount?> GetAsync(string regionCode, string accountId, CancellationToken cancellationToken) =>
        Task.FromResult(Accounts.SingleOrDefault(a => a.RegionCode == regionCode && a.Id == accountId));

    public Task<IReadOnlyList<DiaryAccount>> FindBySnilsHashAsync(string regionCode, string snilsHash, CancellationToken cancellationToken) =>
        Find(a => a.RegionCode == regionCode && a.SnilsHash == snilsHash);

    public Task<IReadOnlyList<DiaryAccount>> FindByNormalizedNameAsync(string regionCode, string normalizedFullName, CancellationToken cancellationToken) =>
        Find(a => a.RegionCode == regionCode && a.Name.Normalized == normalizedFullName);

    public Task<IReadOnlyList<DiaryAccount>> FindByBirthDateAsync(string regionCode, DateOnly birthDate, CancellationToken cancellationToken) =>
        Find(a => a.RegionCode == regionCode && a.BirthDate == birthDate);

    /// <summary>Imported password hashes by account id (R-MATCH-6).</summary>
    public Dictionary<string, string> PasswordHashes { get; } = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<DiaryAccount>> FindParentsAsync(string regionCode, string childAccountId, CancellationToken cancellationToken) =>
        Find(a => a.RegionCode == regionCode && a.ChildIds.Contains(childAccountId));

    public Task<DiaryCredentials?> FindCredentialsByLoginAsync(string regionCode, string login, CancellationToken cancellationToken)
    {
        var matches = Accounts.Where(a => a.RegionCode == regionCode && string.Equals(a.Login, login, StringComparison.OrdinalIgnoreCase)).ToList();
        var account = matches.FirstOrDefault(a => a.Login == login) ?? (matches.Count == 1 ? matches[0] : null);
        return Task.FromResult(account is null ? null : new DiaryCredentials(account.Id, account.Login, PasswordHashes.GetValueOrDefault(account.Id)));
    }

    public Task<IReadOnlyList<AccountLink>> FindAsync(string regionCode, string esiaSubjectHash, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AccountLink>>(Links.Where(l => l.RegionCode == regionCode && l.EsiaSubjectHash == esiaSubjectHash).ToList());

    public Task<IReadOnlyList<AccountLink>> FindByAccountAsync(string regionCode, string diaryAccountId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AccountLink>>(Links.Where(l => l.RegionCode == regionCode && l.DiaryAccountId == diaryAccountId).ToList());

    public Task<(AccountLink Link, bool Created)> LinkAsync(AccountLink link, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("the decider must not write");

    public Task<bool> UnlinkAsync(string regionCode, string esiaSubjectHash, string diaryAccountId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("the decider must not write");

    private Task<IReadOnlyList<DiaryAccount>> Find(Func<DiaryAccount, bool> predicate) =>
        Task.FromResult<IReadOnlyList<DiaryAccount>>(Accounts.Where(predicate).ToList());
}
