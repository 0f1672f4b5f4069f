using IdentityBroker.Core.Directory;
using IdentityBroker.Core.People;
using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.Regions;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Core.Stores;

namespace IdentityBroker.Core.Tests.SignIn;

public sealed class SignInDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);
    private static readonly PersonalDataHasher Hasher = new(new byte[32]);
    private static readonly Region Irkutsk = new("38", "Иркутская область", TimeZoneInfo.FindSystemTimeZoneById("Asia/Irkutsk"), RegionPolicy.Default);
    private static readonly School School1 = new("38-s-001", "МБОУ СОШ № 1");

    private DirectoryDouble _directory = null!;
    private SignInDecider _decider = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = new DirectoryDouble();
        _decider = new SignInDecider(_directory, _directory, Hasher);
    }

    [Test]
    public async Task Decide_Rmatch2_AdultNameAndSnilsMatch_AllowedWithNewLink()
    {
        var person = Adult("Петров", "Иван", "Сергеевич", "112-233-445 95");
        _directory.Accounts.Add(Account("d1", "Петров", "Иван", "Сергеевич", snils: "112-233-445 95"));

        var decision = await _decider.DecideAsync(Irkutsk, person, Now, default);

        Assert.That(decision, Is.TypeOf<SignInAllowed>());
        var allowed = (SignInAllowed)decision;
        Assert.That(allowed.Account.Id, Is.EqualTo("d1"));
        Assert.That(allowed.LinkMethod, Is.EqualTo(LinkMethods.NameAndSnils));
        Assert.That(allowed.RuleId, Is.EqualTo(RuleIds.Match2));
    }

    [Test]
    public async Task Decide_Rmatch4_NameDiffersOnlyByYoAndCase_Allowed()
    {
        var person = Adult("ФЁДОРОВА", "анна", "Павловна", "161-803-398 58");
        _directory.Accounts.Add(Account("d7", "Федорова", "Анна", "Павловна", snils: "161-803-398 58"));

        Assert.That(await _decider.DecideAsync(Irkutsk, person, Now, default), Is.TypeOf<SignInAllowed>());
    }

    private static readonly object[] Refusals =
    [
        new object[] { "Rmatch2_SameSnilsOtherName", Account("d", "Морозова", "Елена", "Игоревна", snils: "314-159-265 52"), Adult("Соколова", "Елена", "Игоревна", "314-159-265 52"), ReasonCodes.DataMismatch, RuleIds.Match2 },
        new object[] { "Rmatch2_SameNameOtherSnils", Account("d", "Соколова", "Елена", "Игоревна", snils: "271-828-182 91"), Adult("Соколова", "Елена", "Игоревна", "314-159-265 52"), ReasonCodes.DataMismatch, RuleIds.Match2 },
        new object[] { "Rmatch6_SameNameDiaryWithoutSnils", Account("d", "Федорова", "Анна", "Павловна", snils: null), Adult("Фёдорова", "Анна", "Павловна", "161-803-398 58"), ReasonCodes.DiarySnilsMissing, RuleIds.Match6 },
        new object[] { "Rmatch2_NothingMatches", Account("d", "Иванов", "Иван", null, snils: "123-456-789 64"), Adult("Волкова", "Мария", "Андреевна", "200-300-400 48"), ReasonCodes.NoDiaryAccount, RuleIds.Match2 },
        new object[] { "Rmatch8_NotActivated", Account("d", "Петров", "Иван", "Сергеевич", snils: "112-233-445 95", activated: false), Adult("Петров", "Иван", "Сергеевич", "112-233-445 95"), ReasonCodes.AccountInactive, RuleIds.Match8 },
        new object[] { "Rmatch8_NoSchool", Account("d", "Петров", "Иван", "Сергеевич", snils: "112-233-445 95", school: false), Adult("Петров", "Иван", "Сергеевич", "112-233-445 95"), ReasonCodes.AccountInactive, RuleIds.Match8 },
        new object[] { "Rlevel2_StandardAdult", Account("d", "Петров", "Иван", "Сергеевич", snils: "112-233-445 95"), Adult("Петров", "Иван", "Сергеевич", "112-233-445 95", AccountLevel.Standard), ReasonCodes.LevelTooLow, RuleIds.Level2 },
        new object[] { "Rlevel1_Simplified", Account("d", "Петров", "Иван", "Сергеевич", snils: "112-233-445 95"), Adult("Петров", "Иван", "Сергеевич", null, AccountLevel.Simplified), ReasonCodes.LevelTooLow, RuleIds.Level1 },
        new object[] { "Rmatch3_ChildSameNameOtherBirthDate", Account("d", "Петрова", "Маша", null, birth: new DateOnly(2016, 5, 1)), Child("Петрова", "Маша", null, new DateOnly(2016, 5, 2)), ReasonCodes.DataMismatch, RuleIds.Match3 },
        new object[] { "Rmatch3_ChildNothingMatches", Account("d", "Петрова", "Маша", null, birth: new DateOnly(2016, 5, 1)), Child("Сидорова", "Маша", null, new DateOnly(2016, 5, 1)), ReasonCodes.NoDiaryAccount, RuleIds.Match3 },
    ];

    /// <summary>
    /// R-MATCH-3 explanations (issue #10 item 8): under 14, an account with the same birth date whose name differs only
    /// slightly is a data error — data_mismatch, never no_diary_account (which sends the parent to ask for a duplicate).
    /// </summary>
    private static readonly object[] Rmatch3NearNames =
    [
        new object?[] { "LatinLookAlikeInDiary", new PersonName("Пeтрова", "Маша", "Ивановна"), new PersonName("Петрова", "Маша", "Ивановна"), ReasonCodes.DataMismatch },
        new object?[] { "LatinLookAlikeCapitalInDiary", new PersonName("Петрова", "Mаша", "Ивановна"), new PersonName("Петрова", "Маша", "Ивановна"), ReasonCodes.DataMismatch },
        new object?[] { "LatinLookAlikeAtEsia", new PersonName("Петрова", "Маша", "Ивановна"), new PersonName("Петрова", "Маша", "Ивaновна"), ReasonCodes.DataMismatch },
        new object?[] { "PatronymicMissingInDiary", new PersonName("Петрова", "Маша", null), new PersonName("Петрова", "Маша", "Ивановна"), ReasonCodes.DataMismatch },
        new object?[] { "PatronymicMissingAtEsia", new PersonName("Петрова", "Маша", "Ивановна"), new PersonName("Петрова", "Маша", null), ReasonCodes.DataMismatch },
        new object?[] { "LookAlikeAndMissingPatronymic", new PersonName("Петрова", "Мaша", null), new PersonName("Петрова", "Маша", "Ивановна"), ReasonCodes.DataMismatch },
        new object?[] { "AnotherChildSameBirthDate", new PersonName("Сидорова", "Маша", "Ивановна"), new PersonName("Петрова", "Маша", "Ивановна"), ReasonCodes.NoDiaryAccount },
        new object?[] { "AnotherFirstName", new PersonName("Петрова", "Даша", "Ивановна"), new PersonName("Петрова", "Маша", "Ивановна"), ReasonCodes.NoDiaryAccount },
        new object?[] { "OtherPatronymicBothPresent", new PersonName("Петрова", "Маша", "Петровна"), new PersonName("Петрова", "Маша", "Ивановна"), ReasonCodes.NoDiaryAccount },
    ];

    [TestCaseSource(nameof(Rmatch3NearNames))]
    public async Task Decide_Rmatch3_Under14NearNameSameBirthDate_DataMismatchNotNoDiaryAccount(string scenario, PersonName diary, PersonName esia, string reason)
    {
        var birth = new DateOnly(2016, 5, 1);
        _directory.Accounts.Add(Account("d", diary.LastName, diary.FirstName, diary.MiddleName, birth: birth));

        var decision = await _decider.DecideAsync(Irkutsk, Child(esia.LastName, esia.FirstName, esia.MiddleName, birth), Now, default);

        Assert.That(decision, Is.EqualTo(new SignInRefused(reason, RuleIds.Match3)), scenario);
    }

    [Test]
    public async Task Decide_Rmatch3_Under14NearNameOtherBirthDate_NoDiaryAccount()
    {
        _directory.Accounts.Add(Account("d", "Пeтрова", "Маша", null, birth: new DateOnly(2016, 5, 1)));

        var decision = await _decider.DecideAsync(Irkutsk, Child("Петрова", "Маша", "Ивановна", new DateOnly(2016, 5, 2)), Now, default);

        Assert.That(decision, Is.EqualTo(new SignInRefused(ReasonCodes.NoDiaryAccount, RuleIds.Match3)));
    }

    [TestCaseSource(nameof(Refusals))]
    public async Task Decide_Refusal_HasReasonAndRule(string scenario, DiaryAccount account, EsiaPerson person, string reason, string rule)
    {
        _directory.Accounts.Add(account);

        var decision = await _decider.DecideAsync(Irkutsk, person, Now, default);

        Assert.That(decision, Is.TypeOf<SignInRefused>(), scenario);
        Assert.That(((SignInRefused)decision).ReasonCode, Is.EqualTo(reason), scenario);
        Assert.That(decision.RuleId, Is.EqualTo(rule), scenario);
    }

    [Test]
    public async Task Decide_Rmatch3_ChildNameAndBirthDate_AllowedWithBirthDateLink()
    {
        _directory.Accounts.Add(Account("c1", "Петрова", "Маша", "Ивановна", birth: new DateOnly(2016, 5, 1)));

        var decision = await _decider.DecideAsync(Irkutsk, Child("Петрова", "Маша", "Ивановна", new DateOnly(2016, 5, 1)), Now, default);

        Assert.That(decision, Is.TypeOf<SignInAllowed>());
        Assert.That(((SignInAllowed)decision).LinkMethod, Is.EqualTo(LinkMethods.NameAndBirthDate));
    }

    [Test]
    public async Task Decide_Rmatch5_SeveralAccounts_ChoiceRequiredAmongUsableOnes()
    {
        _directory.Accounts.Add(Account("staff", "Новиков", "Дмитрий", "Олегович", snils: "271-828-182 91"));
        _directory.Accounts.Add(Account("parent", "Новиков", "Дмитрий", "Олегович", snils: "271-828-182 91"));
        _directory.Accounts.Add(Account("old", "Новиков", "Дмитрий", "Олегович", snils: "271-828-182 91", activated: false));

        var decision = await _decider.DecideAsync(Irkutsk, Adult("Новиков", "Дмитрий", "Олегович", "271-828-182 91"), Now, default);

        Assert.That(decision, Is.TypeOf<AccountChoiceRequired>());
        Assert.That(((AccountChoiceRequired)decision).Accounts.Select(a => a.Id), Is.EquivalentTo(new[] { "staff", "parent" }));
        Assert.That(decision.RuleId, Is.EqualTo(RuleIds.Match5));
    }

    [Test]
    public async Task Decide_Rmatch7_Linked_UsesLinkWithoutNewSearchEvenIfNameChanged()
    {
        var person = Adult("Соколова", "Елена", "Игоревна", "314-159-265 52");
        _directory.Accounts.Add(Account("d5", "Морозова", "Елена", "Игоревна", snils: "314-159-265 52"));
        _directory.Links.Add(new AccountLink("38", Hasher.HashEsiaSubject(person.Oid), "d5", LinkMethods.NameAndSnils, Now.AddDays(-30)));

        var decision = await _decider.DecideAsync(Irkutsk, person, Now, default);

        Assert.That(decision, Is.TypeOf<SignInAllowed>());
        Assert.That(((SignInAllowed)decision).LinkMethod, Is.Null, "no new link");
        Assert.That(decision.RuleId, Is.EqualTo(RuleIds.Match7));
    }

    [Test]
    public async Task Decide_Rlevel5_LinkedButDowngraded_Refused()
    {
        var person = Adult("Петров", "Иван", "Сергеевич", "112-233-445 95", AccountLevel.Standard);
        _directory.Accounts.Add(Account("d1", "Петров", "Иван", "Сергеевич", snils: "112-233-445 95"));
        _directory.Links.Add(new AccountLink("38", Hasher.HashEsiaSubject(person.Oid), "d1", LinkMethods.NameAndSnils, Now.AddDays(-1)));

        var decision = await _decider.DecideAsync(Irkutsk, person, Now, default);

        Assert.That(decision, Is.TypeOf<SignInRefused>());
        Assert.That(((SignInRefused)decision).ReasonCode, Is.EqualTo(ReasonCodes.LevelTooLow));
    }

    [Test]
    public async Task Decide_Rlevel5_LinkedButBlocked_Refused()
    {
        var person = Adult("Петров", "Иван", "Сергеевич", "112-233-445 95") with { IsBlocked = true };
        _directory.Accounts.Add(Account("d1", "Петров", "Иван", "Сергеевич", snils: "112-233-445 95"));
        _directory.Links.Add(new AccountLink("38", Hasher.HashEsiaSubject(person.Oid), "d1", LinkMethods.NameAndSnils, Now.AddDays(-1)));

        var decision = await _decider.DecideAsync(Irkutsk, person, Now, default);

        Assert.That(decision.RuleId, Is.EqualTo(RuleIds.Level5));
        Assert.That(((SignInRefused)decision).ReasonCode, Is.EqualTo(ReasonCodes.EsiaDenied));
    }

    [Test]
    public async Task Decide_Rmatch7_LinkToRemovedAccount_SearchesAgain()
    {
        var person = Adult("Петров", "Иван", "Сергеевич", "112-233-445 95");
        _directory.Accounts.Add(Account("new", "Петров", "Иван", "Сергеевич", snils: "112-233-445 95"));
        _directory.Links.Add(new AccountLink("38", Hasher.HashEsiaSubject(person.Oid), "removed", LinkMethods.NameAndSnils, Now.AddDays(-1)));

        var decision = await _decider.DecideAsync(Irkutsk, person, Now, default);

        Assert.That(((SignInAllowed)decision).Account.Id, Is.EqualTo("new"));
        Assert.That(((SignInAllowed)decision).LinkMethod, Is.EqualTo(LinkMethods.NameAndSnils));
    }

    [Test]
    public async Task Decide_Rmatch1_NoBirthDate_Refused()
    {
        var person = Adult("Петров", "Иван", "Сергеевич", "112-233-445 95") with { BirthDate = null };

        var decision = await _decider.DecideAsync(Irkutsk, person, Now, default);

        Assert.That(decision.RuleId, Is.EqualTo(RuleIds.Match1));
    }

    [Test]
    public async Task Decide_OtherRegionsAccount_NotFound()
    {
        _directory.Accounts.Add(Account("d1", "Петров", "Иван", "Сергеевич", snils: "112-233-445 95") with { RegionCode = "55" });

        var decision = await _decider.DecideAsync(Irkutsk, Adult("Петров", "Иван", "Сергеевич", "112-233-445 95"), Now, default);

        Assert.That(((SignInRefused)decision).ReasonCode, Is.EqualTo(ReasonCodes.NoDiaryAccount));
    }

    private static EsiaPerson Adult(string last, string first, string? middle, string? snils, AccountLevel level = AccountLevel.Confirmed) =>
        new("1000000001", new PersonName(last, first, middle), new DateOnly(1985, 3, 7), Gender.Male, Parse(snils), level);

    private static EsiaPerson Child(string last, string first, string? middle, DateOnly birth) =>
        new("1000000042", new PersonName(last, first, middle), birth, Gender.Female, null, AccountLevel.Child);

    private static DiaryAccount Account(string id, string last, string first, string? middle, string? snils = null, DateOnly? birth = null, bool activated = true, bool school = true) =>
        new(id, "38", id + ".login", new PersonName(last, first, middle), birth ?? new DateOnly(1985, 3, 7), null,
            Parse(snils) is { } s ? Hasher.HashSnils(s) : null, null, [DiaryRole.Parent], school ? [School1] : [], activated, []);

    private static Snils? Parse(string? text) => Snils.TryParse(text, out var s) ? s : null;
}
