using System.Globalization;
using IdentityBroker.EsiaEmulator.Personas;

namespace IdentityBroker.EsiaEmulator.Tests.Personas;

public sealed class PersonaCatalogTests
{
    private static readonly PersonaCatalog Catalog = PersonaCatalog.Load(PersonaCatalog.DefaultPath);

    // The broker's sample diary directory is built to match exactly these (see the emulator README).
    private static readonly object[] Required =
    [
        new object[] { "confirmed-adult", 1000000001L, "Петров", "Иван", "Сергеевич", "07.03.1985", "M", "112-233-445 95", "confirmed" },
        new object[] { "standard-adult", 1000000002L, "Смирнова", "Ольга", "Викторовна", "12.11.1990", "F", "123-456-789 64", "standard" },
        new object[] { "simplified-adult", 1000000003L, "Кузнецов", "Алексей", "Петрович", "21.06.1988", "M", null!, "simplified" },
        new object[] { "no-diary-account", 1000000004L, "Волкова", "Мария", "Андреевна", "03.02.1979", "F", "200-300-400 48", "confirmed" },
        new object[] { "name-differs", 1000000005L, "Соколова", "Елена", "Игоревна", "15.09.1983", "F", "314-159-265 52", "confirmed" },
        new object[] { "several-accounts", 1000000006L, "Новиков", "Дмитрий", "Олегович", "30.01.1975", "M", "271-828-182 91", "confirmed" },
        new object[] { "diary-without-snils", 1000000007L, "Фёдорова", "Анна", "Павловна", "08.08.1992", "F", "161-803-398 58", "confirmed" },
    ];

    [TestCaseSource(nameof(Required))]
    public void BundledFile_RequiredPersona_MatchesTable(
        string key, long oid, string last, string first, string middle, string birth, string gender, string? snils, string level)
    {
        var p = Catalog.FindByKey(key);

        Assert.That(p, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(p!.Oid, Is.EqualTo(oid));
            Assert.That((p.LastName, p.FirstName, p.MiddleName), Is.EqualTo((last, first, middle)));
            Assert.That(p.BirthDate, Is.EqualTo(birth));
            Assert.That(p.Gender, Is.EqualTo(gender));
            Assert.That(p.Snils, Is.EqualTo(snils));
            Assert.That(p.Level, Is.EqualTo(level));
            Assert.That(p.Blocked, Is.False);
        });
    }

    [Test]
    public void BundledFile_StandardAdult_HasVerifiedPassport() =>
        Assert.That(Catalog.FindByKey("standard-adult")!.Documents,
            Has.Exactly(1).Matches<DocumentRecord>(d => d.Type == "RF_PASSPORT" && d.VrfStu == "VERIFIED"));

    [Test]
    public void BundledFile_SimplifiedAdult_HasNoDocuments() =>
        Assert.That(Catalog.FindByKey("simplified-adult")!.Documents, Is.Empty);

    [TestCase("child-10", 10)]
    [TestCase("child-13", 13)]
    [TestCase("child-14-today", 14)]
    [TestCase("child-14-tomorrow", 13)]
    [TestCase("child-15", 15)]
    [TestCase("child-17", 17)]
    [TestCase("child-18", 18)]
    public void BundledFile_Child_HasAgeRelativeToToday(string key, int age)
    {
        var today = new DateOnly(2031, 3, 1);

        var born = RelativeDate.Resolve(Catalog.FindByKey(key)!.BirthDate, today);

        Assert.That(AgeOn(born, today), Is.EqualTo(age));
    }

    [Test]
    public void BundledFile_ChildrenUnder14_HaveChildLevelAndOthersDoNot()
    {
        var today = DateOnly.FromDateTime(DateTime.Today);

        var children = Catalog.All.Where(p => p.Key.StartsWith("child-", StringComparison.Ordinal)).ToList();

        Assert.That(children, Has.Count.EqualTo(7));
        Assert.That(children.Where(p => p.Level == "child").Select(p => p.Key),
            Is.EquivalentTo(children.Where(p => AgeOn(RelativeDate.Resolve(p.BirthDate, today), today) < 14).Select(p => p.Key)));
    }

    [Test]
    public void RelativeDate_FourteenTodayAndTomorrow_ResolveAroundBirthday()
    {
        var today = new DateOnly(2030, 5, 20);

        Assert.Multiple(() =>
        {
            Assert.That(RelativeDate.Resolve("today-14y", today), Is.EqualTo(new DateOnly(2016, 5, 20)));
            Assert.That(RelativeDate.Resolve("today-14y+1d", today), Is.EqualTo(new DateOnly(2016, 5, 21)));
            Assert.That(RelativeDate.TryResolve("yesterday", today, out _), Is.False);
        });
    }

    [Test]
    public void BundledFile_EverySnils_HasValidChecksum() =>
        Assert.That(Catalog.All.Where(p => p.Snils is not null).Select(p => p.Snils!), Has.All.Matches<string>(Snils.IsValid));

    [TestCase("112-233-445 95", true)]
    [TestCase("112-233-445 96", false)]
    [TestCase("374-165-738 00", true)]
    [TestCase("11223344595", false)]
    public void Snils_Checksum_FollowsEsiaRule(string snils, bool valid) =>
        Assert.That(Snils.IsValid(snils), Is.EqualTo(valid));

    [Test]
    public void BundledFile_Extras_CoverParentsStaffAndBlocked()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Catalog.FindByKey("parent-two-kids")!.Kids, Has.Count.EqualTo(2));
            Assert.That(Catalog.All.Count(p => p.Kids.Any(k => k.PersonaKey == "child-13")), Is.EqualTo(2));
            Assert.That(Catalog.FindByKey("staff-parent")!.Kids, Is.Not.Empty);
            Assert.That(Catalog.FindByKey("blocked-account")!.Blocked, Is.True);
        });
    }

    private static int AgeOn(DateOnly born, DateOnly day) =>
        day.Year - born.Year - (day < born.AddYears(day.Year - born.Year) ? 1 : 0);
}
