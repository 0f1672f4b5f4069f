using IdentityBroker.Core.Consent;
using IdentityBroker.Core.Directory;
using IdentityBroker.Core.People;

namespace IdentityBroker.Core.Tests.Consent;

/// <summary>The consent rules of the sign-in's parental step (R-CONSENT-3, R-CONSENT-6) and of the data consent (R-CONSENT-1), as tables.</summary>
public sealed class ParentalConsentPolicyTests
{
    [TestCase(new string[0], new string[0], false, TestName = "KnownUnlinkedInEsia_Rconsent6_NoDiaryParentSignedIn_NotKnown")]
    [TestCase(new string[0], new[] { "p1" }, false, TestName = "KnownUnlinkedInEsia_Rconsent6_NoDiaryParentSignedInButVerifiedOne_NotKnown")]
    [TestCase(new[] { "p1" }, new string[0], true, TestName = "KnownUnlinkedInEsia_Rconsent6_ParentSignedInNoVerifiedRelation_Known")]
    [TestCase(new[] { "p1", "p2" }, new[] { "p3" }, true, TestName = "KnownUnlinkedInEsia_Rconsent6_VerifiedParentIsNotADiaryParent_Known")]
    [TestCase(new[] { "p1", "p2" }, new[] { "p3", "p2" }, false, TestName = "KnownUnlinkedInEsia_Rconsent6_OneDiaryParentHasTheChildInEsia_NotKnown")]
    public void KnownUnlinkedInEsia(string[] diaryParentPersons, string[] verifiedParentPersons, bool expected) =>
        Assert.That(ParentalConsentPolicy.KnownUnlinkedInEsia(diaryParentPersons, verifiedParentPersons), Is.EqualTo(expected));

    [TestCase(new[] { DiaryRole.Parent }, 0, true, TestName = "NoChildrenLinked_Rconsent6_ParentWithoutChildren_Notice")]
    [TestCase(new[] { DiaryRole.Parent }, 1, false, TestName = "NoChildrenLinked_Rconsent6_ParentWithAChild_NoNotice")]
    [TestCase(new[] { DiaryRole.Student }, 0, false, TestName = "NoChildrenLinked_Rconsent6_Student_NoNotice")]
    [TestCase(new[] { DiaryRole.Staff, DiaryRole.Parent }, 0, true, TestName = "NoChildrenLinked_Rconsent6_StaffAndParentWithoutChildren_Notice")]
    public void NoChildrenLinked(DiaryRole[] roles, int children, bool expected) =>
        Assert.That(ParentalConsentPolicy.NoChildrenLinked(Account(roles, children)), Is.EqualTo(expected));

    [TestCase(0, false, false, TestName = "StopsAtParentStep_Rconsent3_NothingPendingNoNotice_GoesOn")]
    [TestCase(2, false, true, TestName = "StopsAtParentStep_Rconsent3_PendingRequests_Stops")]
    [TestCase(0, true, true, TestName = "StopsAtParentStep_Rconsent6_NoChildrenLinked_Stops")]
    [TestCase(1, true, true, TestName = "StopsAtParentStep_Rconsent3_BothReasons_Stops")]
    public void StopsAtParentStep(int pending, bool noChildrenLinked, bool expected) =>
        Assert.That(ParentalConsentPolicy.StopsAtParentStep(pending, noChildrenLinked), Is.EqualTo(expected));

    [TestCase(null, "2", true, false, TestName = "DataConsent_Rconsent1_NeverConsented_AskedNotAsNewVersion")]
    [TestCase("2", "2", false, false, TestName = "DataConsent_Rconsent1_ConsentedToTheVersionInForce_NotAsked")]
    [TestCase("1", "2", true, true, TestName = "DataConsent_Rconsent1_ConsentedToAnEarlierVersion_AskedAsNewVersion")]
    [TestCase("2a", "2A", true, true, TestName = "DataConsent_Rconsent1_VersionsCompareOrdinally")]
    public void DataConsent(string? active, string inForce, bool mustAsk, bool isNewVersion)
    {
        Assert.That(DataConsentPolicy.MustAsk(active, inForce), Is.EqualTo(mustAsk));
        Assert.That(DataConsentPolicy.IsNewVersion(active, inForce), Is.EqualTo(isNewVersion));
    }

    private static DiaryAccount Account(DiaryRole[] roles, int children) => new(
        "d38-1", "38", "login", new PersonName("Иванова", "Анна", "Петровна"), new DateOnly(1985, 3, 1), null, null, null,
        roles, [], true, Enumerable.Range(1, children).Select(i => "child-" + i).ToList());
}
