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

    /// <summary>
    /// R-MATCH-3: the accounts with this normalised name AND birth date. The PostgreSQL store filters both in SQL, so a
    /// popular name does not fetch thousands of accounts; this default (for test doubles) filters the name lookup.
    /// </summary>
    async Task<IReadOnlyList<DiaryAccount>> FindByNameAndBirthDateAsync(string regionCode, string normalizedFullName, DateOnly birthDate, CancellationToken cancellationToken) =>
        (await FindByNormalizedNameAsync(regionCode, normalizedFullName, cancellationToken).ConfigureAwait(false)).Where(a => a.BirthDate == birthDate).ToList();

    /// <summary>Whether any account has this normalised name (tells data_mismatch from no_diary_account without fetching them).</summary>
    async Task<bool> AnyWithNormalizedNameAsync(string regionCode, string normalizedFullName, CancellationToken cancellationToken) =>
        (await FindByNormalizedNameAsync(regionCode, normalizedFullName, cancellationToken).ConfigureAwait(false)).Count > 0;

    /// <summary>The parents the diary links to a child (diary_relations): whom a consent request is addressed to (R-CONSENT-3).</summary>
    Task<IReadOnlyList<DiaryAccount>> FindParentsAsync(string regionCode, string childAccountId, CancellationToken cancellationToken);

    /// <summary>
    /// The imported password hash of the account with this login (case-insensitive), for manual linking (R-MATCH-6) and the
    /// password fallback (R-REGION-3). Null when no account has the login; <see cref="DiaryCredentials.PasswordHash"/> is
    /// null when the account has no imported hash.
    /// </summary>
    Task<DiaryCredentials?> FindCredentialsByLoginAsync(string regionCode, string login, CancellationToken cancellationToken);
}
