using IdentityBroker.Core.Directory;

namespace IdentityBroker.Core.Stores;

/// <summary>Read side of a region's diary directory: the lookups behind matching (R-MATCH-2/3).</summary>
public interface IDiaryDirectory
{
    Task<DiaryAccount?> GetAsync(string regionCode, string accountId, CancellationToken cancellationToken);

    Task<IReadOnlyList<DiaryAccount>> FindBySnilsHashAsync(string regionCode, string snilsHash, CancellationToken cancellationToken);

    /// <summary>By <see cref="People.PersonName.Normalized"/>.</summary>
    Task<IReadOnlyList<DiaryAccount>> FindByNormalizedNameAsync(string regionCode, string normalizedFullName, CancellationToken cancellationToken);

    Task<IReadOnlyList<DiaryAccount>> FindByBirthDateAsync(string regionCode, DateOnly birthDate, CancellationToken cancellationToken);
}
