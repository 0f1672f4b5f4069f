using IdentityBroker.Core.Consent;
using IdentityBroker.Core.SignIn;

namespace IdentityBroker.Core.Tests.Consent;

/// <summary>R-CONSENT-2: who needs a parent's consent, and which refusal a minor without it gets.</summary>
public sealed class MinorConsentRuleTests
{
    [TestCase(10, false, false, ReasonCodes.ConsentRequired, "R-CONSENT-2", TestName = "Check_Rconsent2_Child10WithoutConsent_ConsentRequired")]
    [TestCase(13, false, true, ReasonCodes.ConsentRequired, "R-CONSENT-2", TestName = "Check_Rconsent2_Under14KnownUnlinked_StillConsentRequired")]
    [TestCase(14, false, false, ReasonCodes.ConsentRequired, "R-CONSENT-2", TestName = "Check_Rconsent2_Student14NoEvidence_ConsentRequired")]
    [TestCase(14, false, true, ReasonCodes.ChildNotLinkedEsia, "R-CONSENT-6", TestName = "Check_Rconsent6_Student14KnownUnlinked_ChildNotLinkedEsia")]
    [TestCase(17, false, true, ReasonCodes.ChildNotLinkedEsia, "R-CONSENT-6", TestName = "Check_Rconsent6_Student17KnownUnlinked_ChildNotLinkedEsia")]
    [TestCase(17, true, true, null, null, TestName = "Check_Rconsent2_Student17WithConsent_Allowed")]
    [TestCase(10, true, false, null, null, TestName = "Check_Rconsent2_Child10WithConsent_Allowed")]
    [TestCase(18, false, true, null, null, TestName = "Check_Rconsent2_Adult18_NeverNeedsConsent")]
    [TestCase(45, false, false, null, null, TestName = "Check_Rconsent2_Adult45_NeverNeedsConsent")]
    [TestCase(null, false, false, null, null, TestName = "Check_Rconsent2_AgeUnknown_NotAMinor")]
    public void Check(int? age, bool hasConsent, bool knownUnlinked, string? reason, string? rule)
    {
        var refusal = MinorConsentRule.Check(age, hasConsent, knownUnlinked);

        Assert.That(refusal?.ReasonCode, Is.EqualTo(reason));
        Assert.That(refusal?.RuleId, Is.EqualTo(rule));
    }
}
