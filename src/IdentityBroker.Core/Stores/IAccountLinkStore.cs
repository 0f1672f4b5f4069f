namespace IdentityBroker.Core.Stores;

public interface IAccountLinkStore
{
    /// <summary>All diary accounts linked to this ESIA person in the region (several for a person with several roles or schools).</summary>
    Task<IReadOnlyList<AccountLink>> FindAsync(string regionCode, string esiaSubjectHash, CancellationToken cancellationToken);

    /// <summary>
    /// The ESIA persons linked to one diary account in the region (R-CONSENT-6: has this diary parent ever signed in through
    /// ESIA?). Uses the index on (region_code, diary_account_id).
    /// </summary>
    Task<IReadOnlyList<AccountLink>> FindByAccountAsync(string regionCode, string diaryAccountId, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the link unless it exists (<c>INSERT … ON CONFLICT DO NOTHING</c> on region + ESIA subject + diary account),
    /// so two simultaneous first sign-ins of one person create one link. Returns the stored link and whether this call created it.
    /// </summary>
    Task<(AccountLink Link, bool Created)> LinkAsync(AccountLink link, CancellationToken cancellationToken);

    /// <summary>Removes a link (operator unlink, or the diary account was removed: R-MATCH-7). Returns false when there was none.</summary>
    Task<bool> UnlinkAsync(string regionCode, string esiaSubjectHash, string diaryAccountId, CancellationToken cancellationToken);
}
