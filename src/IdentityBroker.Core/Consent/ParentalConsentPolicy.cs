using IdentityBroker.Core.Directory;

namespace IdentityBroker.Core.Consent;

/// <summary>
/// The parental-consent rules of the sign-in that are not the minor's own (<see cref="MinorConsentRule"/>, R-CONSENT-2):
/// the evidence for child_not_linked_esia, and when a parent's sign-in stops at the parent's step.
/// </summary>
public static class ParentalConsentPolicy
{
    /// <summary>
    /// R-CONSENT-6 evidence for <c>child_not_linked_esia</c>: true only when at least one of the child's diary parents has
    /// signed in through ESIA (<paramref name="diaryParentPersons"/>: their ESIA persons) and none of them has the child among
    /// their verified ESIA children (<paramref name="verifiedParentPersons"/>: the ESIA persons verified as the child's parents).
    /// </summary>
    public static bool KnownUnlinkedInEsia(IReadOnlyCollection<string> diaryParentPersons, IEnumerable<string> verifiedParentPersons)
    {
        ArgumentNullException.ThrowIfNull(diaryParentPersons);
        ArgumentNullException.ThrowIfNull(verifiedParentPersons);
        return diaryParentPersons.Count > 0 && !verifiedParentPersons.Any(diaryParentPersons.Contains);
    }

    /// <summary>R-CONSENT-6: a parent-role diary account without any child linked in the diary (the notice, not a refusal).</summary>
    public static bool NoChildrenLinked(DiaryAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.Roles.Contains(DiaryRole.Parent) && account.ChildIds.Count == 0;
    }

    /// <summary>
    /// R-CONSENT-3 (way 1) and R-CONSENT-6: an adult's sign-in stops at the parent's step when their verified children have
    /// pending requests to decide, or when the no_children_linked notice applies; otherwise it goes on.
    /// </summary>
    public static bool StopsAtParentStep(int pendingRequests, bool noChildrenLinked) => pendingRequests > 0 || noChildrenLinked;
}
