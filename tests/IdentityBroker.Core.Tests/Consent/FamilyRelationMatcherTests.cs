using IdentityBroker.Core.Consent;
using IdentityBroker.Core.Directory;
using IdentityBroker.Core.People;
using IdentityBroker.Core.Privacy;

namespace IdentityBroker.Core.Tests.Consent;

/// <summary>R-CONSENT-6: ESIA's children of a parent matched to diary accounts with the matching rules (name + birth date, SNILS where both have it).</summary>
public sealed class FamilyRelationMatcherTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);
    private static readonly PersonalDataHasher Hasher = new(new byte[32]);
    private static readonly DateOnly Born = new(2016, 10, 9);
    private const string Parent = "parent-hash";

    private static readonly object[] Cases =
    [
        new object[] { "NameAndBirthDate_Matches", Child("Морозов", "Артём", "Сергеевич", Born, null), Account("d1", "Морозов", "Артём", "Сергеевич", Born, null), true },
        new object[] { "NameToleratesYoAndCase_Matches", Child("МОРОЗОВ", "Артем", "сергеевич", Born, null), Account("d1", "Морозов", "Артём", "Сергеевич", Born, null), true },
        new object[] { "SameSnilsBothSides_Matches", Child("Морозов", "Артём", "Сергеевич", Born, "223-606-797 60"), Account("d1", "Морозов", "Артём", "Сергеевич", Born, "223-606-797 60"), true },
        new object[] { "SnilsOnlyInEsia_Matches", Child("Морозов", "Артём", "Сергеевич", Born, "223-606-797 60"), Account("d1", "Морозов", "Артём", "Сергеевич", Born, null), true },
        new object[] { "SnilsOnlyInDiary_Matches", Child("Морозов", "Артём", "Сергеевич", Born, null), Account("d1", "Морозов", "Артём", "Сергеевич", Born, "223-606-797 60"), true },
        new object[] { "SnilsDiffers_NoMatch", Child("Морозов", "Артём", "Сергеевич", Born, "223-606-797 60"), Account("d1", "Морозов", "Артём", "Сергеевич", Born, "244-948-974 27"), false },
        new object[] { "BirthDateDiffers_NoMatch", Child("Морозов", "Артём", "Сергеевич", Born, null), Account("d1", "Морозов", "Артём", "Сергеевич", Born.AddDays(1), null), false },
        new object[] { "DiaryWithoutBirthDate_NoMatch", Child("Морозов", "Артём", "Сергеевич", Born, null), Account("d1", "Морозов", "Артём", "Сергеевич", null, null), false },
        new object[] { "NameDiffers_NoMatch", Child("Морозов", "Антон", "Сергеевич", Born, null), Account("d1", "Морозов", "Артём", "Сергеевич", Born, null), false },
        new object[] { "NotAStudentAccount_NoMatch", Child("Морозов", "Артём", "Сергеевич", Born, null), Account("d1", "Морозов", "Артём", "Сергеевич", Born, null, DiaryRole.Parent), false },
        new object[] { "EsiaGaveNoName_NoMatch", new ReportedChild("20", null, Born, null), Account("d1", "Морозов", "Артём", "Сергеевич", Born, null), false },
        new object[] { "EsiaGaveNoBirthDate_NoMatch", new ReportedChild("20", new PersonName("Морозов", "Артём", "Сергеевич"), null, null), Account("d1", "Морозов", "Артём", "Сергеевич", Born, null), false },
    ];

    [TestCaseSource(nameof(Cases))]
    public async Task Match_RConsent6_OneChildOneAccount(string name, ReportedChild child, DiaryAccount account, bool related)
    {
        var directory = new DirectoryDouble();
        directory.Accounts.Add(account);

        var relations = await new FamilyRelationMatcher(directory, Hasher).MatchAsync("38", Parent, [child], Now, default);

        Assert.That(relations.Select(r => r.ChildAccountId), related ? Is.EqualTo(new[] { "d1" }) : Is.Empty, name);
    }

    [Test]
    public async Task Match_RConsent6_RelationCarriesParentChildHashAndTime()
    {
        var directory = new DirectoryDouble();
        directory.Accounts.Add(Account("d1", "Морозов", "Артём", "Сергеевич", Born, null));

        var relation = (await new FamilyRelationMatcher(directory, Hasher).MatchAsync("38", Parent, [Child("Морозов", "Артём", "Сергеевич", Born, null)], Now, default)).Single();

        Assert.That(relation, Is.EqualTo(new FamilyRelation("38", Parent, "d1", Hasher.HashEsiaSubject("20"), Now)));
    }

    [Test]
    public async Task Match_RConsent6_TwoChildrenOneAtTwoSchools_EveryAccountOnce()
    {
        var directory = new DirectoryDouble();
        directory.Accounts.Add(Account("d1", "Морозов", "Артём", "Сергеевич", Born, null));
        directory.Accounts.Add(Account("d1b", "Морозов", "Артём", "Сергеевич", Born, null));
        directory.Accounts.Add(Account("d2", "Морозова", "Полина", "Сергеевна", Born.AddYears(-3), null));
        directory.Accounts.Add(Account("other-region", "Морозов", "Артём", "Сергеевич", Born, null) with { RegionCode = "55" });
        var artyom = Child("Морозов", "Артём", "Сергеевич", Born, null);

        var relations = await new FamilyRelationMatcher(directory, Hasher).MatchAsync(
            "38", Parent, [artyom, Child("Морозова", "Полина", "Сергеевна", Born.AddYears(-3), null), artyom], Now, default);

        Assert.That(relations.Select(r => r.ChildAccountId), Is.EquivalentTo(new[] { "d1", "d1b", "d2" }));
    }

    [Test]
    public async Task Match_RConsent6_NoChildren_NoRelations()
    {
        var relations = await new FamilyRelationMatcher(new DirectoryDouble(), Hasher).MatchAsync("38", Parent, [], Now, default);

        Assert.That(relations, Is.Empty);
    }

    private static ReportedChild Child(string last, string first, string? middle, DateOnly? born, string? snils) =>
        new("20", new PersonName(last, first, middle), born, snils is null ? null : Snils.TryParse(snils, out var s) ? s : throw new ArgumentException("bad SNILS"));

    private static DiaryAccount Account(string id, string last, string first, string? middle, DateOnly? born, string? snils, DiaryRole role = DiaryRole.Student) =>
        new(id, "38", "login-" + id, new PersonName(last, first, middle), born, null,
            snils is null ? null : Hasher.HashSnils(Snils.TryParse(snils, out var s) ? s : throw new ArgumentException("bad SNILS")),
            null, [role], [new School("38-s-001", "МБОУ СОШ № 1")], true, []);
}
