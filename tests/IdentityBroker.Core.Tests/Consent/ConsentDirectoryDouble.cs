using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Stores;

namespace IdentityBroker.Core.Tests.Consent;

/// <summary>A list-backed diary directory for the family-relation matcher alone (the real one is tested on PostgreSQL).</summary>
internal sealed class ConsentDirectoryDouble : IDiaryDirectory
{
    public List<DiaryAccount> Accounts { get; } = [];

    public Task<DiaryAccount?> GetAsync(string regionCode, string accountId, CancellationToken cancellationToken) =>
        Task.FromResult(Accounts.SingleOrDefault(a => a.RegionCode == regionCode && a.Id == accountId));

    public Task<IReadOnlyList<DiaryAccount>> FindBySnilsHashAsync(string regionCode, string snilsHash, CancellationToken cancellationToken) =>
        Find(a => a.RegionCode == regionCode && a.SnilsHash == snilsHash);

    public Task<IReadOnlyList<DiaryAccount>> FindByNormalizedNameAsync(string regionCode, string normalizedFullName, CancellationToken cancellationToken) =>
        Find(a => a.RegionCode == regionCode && a.Name.Normalized == normalizedFullName);

    public Task<IReadOnlyList<DiaryAccount>> FindByBirthDateAsync(string regionCode, DateOnly birthDate, CancellationToken cancellationToken) =>
        Find(a => a.RegionCode == regionCode && a.BirthDate == birthDate);

    public Task<IReadOnlyList<DiaryAccount>> FindParentsAsync(string regionCode, string childAccountId, CancellationToken cancellationToken) =>
        Find(a => a.RegionCode == regionCode && a.ChildIds.Contains(childAccountId));

    public Task<DiaryCredentials?> FindCredentialsByLoginAsync(string regionCode, string login, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("the matcher does not read credentials");

    private Task<IReadOnlyList<DiaryAccount>> Find(Func<DiaryAccount, bool> predicate) =>
        Task.FromResult<IReadOnlyList<DiaryAccount>>(Accounts.Where(predicate).ToList());
}
