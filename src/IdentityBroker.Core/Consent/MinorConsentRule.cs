using IdentityBroker.Core.SignIn;

namespace IdentityBroker.Core.Consent;

/// <summary>
/// R-CONSENT-2: a minor (under 18 on the region's calendar day, R-MATCH-1) enters the diary only with an active parental
/// consent; 18 and over never need one (old consent records stay for audit). Without consent the refusal is
/// <c>consent_required</c> (a request goes to the parents, R-CONSENT-3), except for a student of 14–17 whom the broker
/// POSITIVELY knows no parent has linked in ESIA (<c>child_not_linked_esia</c>, seed 003 §III.2 "Семья и дети"): at least one
/// of the child's diary parents has signed in through ESIA (so the broker has read that parent's ESIA children) and none
/// of those parents' verified relations include the child. Without that evidence the broker cannot tell, and asks for
/// consent. Under 14 a child account is created by the parent in ESIA, so it is always linked: never child_not_linked_esia.
/// </summary>
public static class MinorConsentRule
{
    /// <summary>True when the person needs a parent's consent at this age (<see cref="AgeBands"/>).</summary>
    public static bool Applies(int? age) => AgeBands.IsMinor(age);

    /// <summary>
    /// Whether child_not_linked_esia can apply at this age: only a child with their own ESIA account (14+) can be unlinked
    /// from the parent; a younger child's account is created by the parent, so the caller need not look for evidence.
    /// </summary>
    public static bool MayBeUnlinkedInEsia(int? age) => age is { } years && AgeBands.HasOwnAccount(years);

    /// <param name="age">Full years on the region's day; null when unknown (no birth date: the decider refuses earlier).</param>
    /// <param name="hasActiveConsent">The child's diary account has an active parental consent.</param>
    /// <param name="knownUnlinkedInEsia">At least one diary parent has signed in through ESIA and none of them has the child in ESIA.</param>
    /// <returns>The refusal (reason and rule), or null when the person may enter.</returns>
    public static SignInRefused? Check(int? age, bool hasActiveConsent, bool knownUnlinkedInEsia)
    {
        if (!Applies(age) || hasActiveConsent)
        {
            return null;
        }

        return MayBeUnlinkedInEsia(age) && knownUnlinkedInEsia
            ? new SignInRefused(ReasonCodes.ChildNotLinkedEsia, RuleIds.Consent6)
            : new SignInRefused(ReasonCodes.ConsentRequired, RuleIds.Consent2);
    }
}
