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
    public const string ConsentRuleId = "R-CONSENT-2";
    public const string RelationRuleId = "R-CONSENT-6";

    /// <summary>True when the person needs a parent's consent at this age.</summary>
    public static bool Applies(int? age) => age is < 18;

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

        return age >= 14 && knownUnlinkedInEsia
            ? new SignInRefused(ReasonCodes.ChildNotLinkedEsia, RelationRuleId)
            : new SignInRefused(ReasonCodes.ConsentRequired, ConsentRuleId);
    }
}
