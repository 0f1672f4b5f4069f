using IdentityBroker.Core.People;
using IdentityBroker.Core.Regions;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Core.SignIn.Rules;

namespace IdentityBroker.Core.Tests.SignIn;

public sealed class AccountLevelRuleTests
{
    private static readonly RegionPolicy ConfirmedOnly = RegionPolicy.Default;

    private static readonly RegionPolicy StandardOrConfirmed = new(
        new HashSet<AccountLevel> { AccountLevel.Standard, AccountLevel.Confirmed }, PasswordSignInMode.Forbidden);

    [TestCase(AccountLevel.Simplified, 30, "R-LEVEL-1", TestName = "Check_Rlevel1_SimplifiedAdult_Refused")]
    [TestCase(AccountLevel.Simplified, 15, "R-LEVEL-1", TestName = "Check_Rlevel1_SimplifiedTeen_Refused")]
    [TestCase(AccountLevel.Simplified, 10, "R-LEVEL-1", TestName = "Check_Rlevel1_SimplifiedChild_Refused")]
    [TestCase(AccountLevel.Standard, 30, "R-LEVEL-2", TestName = "Check_Rlevel2_StandardAdultWhereConfirmedRequired_Refused")]
    [TestCase(AccountLevel.Child, 18, "R-LEVEL-2", TestName = "Check_Rlevel2_ChildAccountAt18_Refused")]
    [TestCase(AccountLevel.Standard, 17, "R-LEVEL-3", TestName = "Check_Rlevel3_StandardTeen_Refused")]
    [TestCase(AccountLevel.Child, 14, "R-LEVEL-3", TestName = "Check_Rlevel3_ChildAccountAt14_Refused")]
    [TestCase(AccountLevel.Standard, 13, "R-LEVEL-4", TestName = "Check_Rlevel4_StandardUnder14_Refused")]
    public void Check_ConfirmedOnlyRegion_Refuses(AccountLevel level, int age, string rule)
    {
        var refusal = AccountLevelRule.Check(level, age, ConfirmedOnly);

        Assert.That(refusal, Is.Not.Null);
        Assert.That(refusal!.ReasonCode, Is.EqualTo(ReasonCodes.LevelTooLow));
        Assert.That(refusal.RuleId, Is.EqualTo(rule));
    }

    [TestCase(AccountLevel.Confirmed, 18, TestName = "Check_Rlevel2_ConfirmedAt18_Allowed")]
    [TestCase(AccountLevel.Confirmed, 45, TestName = "Check_Rlevel2_ConfirmedAdult_Allowed")]
    [TestCase(AccountLevel.Confirmed, 14, TestName = "Check_Rlevel3_ConfirmedAt14_Allowed")]
    [TestCase(AccountLevel.Confirmed, 17, TestName = "Check_Rlevel3_ConfirmedAt17_Allowed")]
    [TestCase(AccountLevel.Child, 13, TestName = "Check_Rlevel4_ChildAccountAt13_Allowed")]
    [TestCase(AccountLevel.Child, 7, TestName = "Check_Rlevel4_ChildAccountAt7_Allowed")]
    public void Check_ConfirmedOnlyRegion_Allows(AccountLevel level, int age) =>
        Assert.That(AccountLevelRule.Check(level, age, ConfirmedOnly), Is.Null);

    [Test]
    public void Check_Rlevel2_StandardAdultWhereRegionAcceptsStandard_Allowed() =>
        Assert.That(AccountLevelRule.Check(AccountLevel.Standard, 30, StandardOrConfirmed), Is.Null);

    [Test]
    public void Check_Rlevel3_StandardTeenEvenWhereRegionAcceptsStandardAdults_Refused() =>
        Assert.That(AccountLevelRule.Check(AccountLevel.Standard, 16, StandardOrConfirmed)?.RuleId, Is.EqualTo(RuleIds.Level3));
}
