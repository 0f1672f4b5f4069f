using IdentityBroker.Core.Directory;
using IdentityBroker.Core.People;
using IdentityBroker.Core.SignIn;

namespace IdentityBroker.Core.Tests.SignIn;

/// <summary>The two ages every rule turns on (14 and 18), in one place (issue #12), and the age of a password sign-in.</summary>
public sealed class AgeBandsTests
{
    [TestCase(13, false, false, true, TestName = "Bands_Rmatch3_Age13_ChildAccountMinor")]
    [TestCase(14, true, false, true, TestName = "Bands_Rmatch2_Age14_OwnAccountMinor")]
    [TestCase(17, true, false, true, TestName = "Bands_Rconsent2_Age17_OwnAccountMinor")]
    [TestCase(18, true, true, false, TestName = "Bands_Rlevel2_Age18_Adult")]
    public void Bands(int age, bool ownAccount, bool adult, bool minor)
    {
        Assert.That((AgeBands.HasOwnAccount(age), AgeBands.IsAdult(age), AgeBands.IsMinor(age)), Is.EqualTo((ownAccount, adult, minor)));
    }

    [Test]
    public void IsMinor_AgeUnknown_False() => Assert.That(AgeBands.IsMinor(null), Is.False);

    [TestCase("2016-05-01", DiaryRole.Student, 10, TestName = "OfDiaryAccount_Rregion3_BirthDate_FullYears")]
    [TestCase(null, DiaryRole.Student, 0, TestName = "OfDiaryAccount_Rregion3_StudentWithoutBirthDate_TreatedAsMinor")]
    [TestCase(null, DiaryRole.Parent, null, TestName = "OfDiaryAccount_Rregion3_ParentWithoutBirthDate_Adult")]
    public void OfDiaryAccount(string? birthDate, DiaryRole role, int? age)
    {
        var account = new DiaryAccount("d1", "38", "d1.login", new PersonName("Петров", "Иван", null),
            birthDate is null ? null : DateOnly.Parse(birthDate, System.Globalization.CultureInfo.InvariantCulture), null, null, null, [role], [], true, []);

        Assert.That(AgeBands.OfDiaryAccount(account, new DateOnly(2026, 12, 2)), Is.EqualTo(age));
    }
}
