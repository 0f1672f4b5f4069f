using IdentityBroker.Core.Directory;
using IdentityBroker.Core.People;
using IdentityBroker.Core.SignIn.Rules;

namespace IdentityBroker.Core.Tests.SignIn;

/// <summary>R-MATCH-8: a diary account that is not activated or not attached to a school is not signed into.</summary>
public sealed class AccountStatusRuleTests
{
    private static readonly School School1 = new("38-s-001", "МБОУ СОШ № 1");

    [TestCase(true, 1, true, TestName = "IsUsable_Rmatch8_ActivatedWithSchool_Usable")]
    [TestCase(true, 2, true, TestName = "IsUsable_Rmatch8_ActivatedWithTwoSchools_Usable")]
    [TestCase(false, 1, false, TestName = "IsUsable_Rmatch8_NotActivated_NotUsable")]
    [TestCase(true, 0, false, TestName = "IsUsable_Rmatch8_NoSchool_NotUsable")]
    [TestCase(false, 0, false, TestName = "IsUsable_Rmatch8_NeitherActivatedNorSchool_NotUsable")]
    public void IsUsable_Rmatch8(bool activated, int schools, bool usable)
    {
        var account = new DiaryAccount("d1", "38", "d1.login", new PersonName("Петров", "Иван", null), new DateOnly(1985, 3, 7), null, null, null,
            [DiaryRole.Parent], Enumerable.Repeat(School1, schools).ToList(), activated, []);

        Assert.That(AccountStatusRule.IsUsable(account), Is.EqualTo(usable));
    }
}
