using IdentityBroker.Core.Directory;
using IdentityBroker.Core.People;
using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Core.SignIn.Rules;

namespace IdentityBroker.Core.Tests.SignIn;

/// <summary>R-MATCH-3: under 14, name and birth date; a birth certificate on both sides confirms or rules an account out.</summary>
public sealed class BirthDateMatchRuleTests
{
    private static readonly PersonalDataHasher Hasher = new(new byte[32]);
    private static readonly DateOnly Birth = new(2016, 5, 1);
    private static readonly BirthCertificate Certificate = new("III-СТ", "100001");

    // diary account's certificate (series, number or null) / ESIA's certificate / expected: matched id or refusal reason
    private static readonly object?[][] Cases =
    [
        ["Rmatch3_BothHaveTheSameCertificate_Matches", "III-СТ 100001", Certificate, "d1"],
        ["Rmatch3_SameCertificateWrittenDifferently_Matches", "iii ст 100001", Certificate, "d1"],
        ["Rmatch3_BothHaveDifferentCertificates_DataMismatch", "III-СТ 999999", Certificate, ReasonCodes.DataMismatch],
        ["Rmatch3_OnlyEsiaHasCertificate_NameAndBirthDateDecide", null, Certificate, "d1"],
        ["Rmatch3_OnlyDiaryHasCertificate_NameAndBirthDateDecide", "III-СТ 999999", null, "d1"],
        ["Rmatch3_NeitherHasCertificate_NameAndBirthDateDecide", null, null, "d1"],
    ];

    [TestCaseSource(nameof(Cases))]
    public async Task MatchAsync_Rmatch3_Certificate(string name, string? diaryCertificate, BirthCertificate? esiaCertificate, string expected)
    {
        var directory = new DirectoryDouble();
        directory.Accounts.Add(Account("d1", Birth, diaryCertificate));
        var rule = new BirthDateMatchRule(directory, Hasher);

        var outcome = await rule.MatchAsync("38", Child(Birth, esiaCertificate), default);

        Assert.That(outcome.RuleId, Is.EqualTo(RuleIds.Match3), name);
        if (expected == "d1")
        {
            Assert.That(outcome.Matches.Select(a => a.Id), Is.EqualTo(new[] { expected }), name);
        }
        else
        {
            Assert.That((outcome.Matches.Count, outcome.RefusalReason), Is.EqualTo((0, expected)), name);
        }
    }

    [Test]
    public async Task MatchAsync_Rmatch3_CertificateRulesOutOneOfTwoNamesakes_KeepsTheOther()
    {
        var directory = new DirectoryDouble();
        directory.Accounts.Add(Account("d1", Birth, "III-СТ 999999"));
        directory.Accounts.Add(Account("d2", Birth, "III-СТ 100001"));
        directory.Accounts.Add(Account("d3", Birth, null));

        var outcome = await new BirthDateMatchRule(directory, Hasher).MatchAsync("38", Child(Birth, Certificate), default);

        Assert.That(outcome.Matches.Select(a => a.Id), Is.EqualTo(new[] { "d2", "d3" }));
    }

    [Test]
    public async Task MatchAsync_Rmatch3_SameNameOtherBirthDate_DataMismatch()
    {
        var directory = new DirectoryDouble();
        directory.Accounts.Add(Account("d1", Birth.AddDays(1), null));

        var outcome = await new BirthDateMatchRule(directory, Hasher).MatchAsync("38", Child(Birth, null), default);

        Assert.That(outcome.RefusalReason, Is.EqualTo(ReasonCodes.DataMismatch));
    }

    [Test]
    public async Task MatchAsync_Rmatch3_NoAccountWithTheName_NoDiaryAccount()
    {
        var directory = new DirectoryDouble();
        directory.Accounts.Add(Account("d1", Birth, null) with { Name = new PersonName("Сидорова", "Маша", null) });

        var outcome = await new BirthDateMatchRule(directory, Hasher).MatchAsync("38", Child(Birth, Certificate), default);

        Assert.That(outcome.RefusalReason, Is.EqualTo(ReasonCodes.NoDiaryAccount));
    }

    [Test]
    public void BirthCertificate_ToString_HidesTheNumber() =>
        Assert.That(Certificate.ToString(), Does.Not.Contain("100001").And.Not.Contain("III"));

    private static EsiaPerson Child(DateOnly birth, BirthCertificate? certificate) =>
        new("1000000020", new PersonName("Петрова", "Маша", "Ивановна"), birth, Gender.Female, null, AccountLevel.Child, BirthCertificate: certificate);

    private static DiaryAccount Account(string id, DateOnly birth, string? certificate)
    {
        var hash = certificate is null ? null : Hasher.HashBirthCertificate(certificate[..certificate.LastIndexOf(' ')], certificate[(certificate.LastIndexOf(' ') + 1)..]);
        return new DiaryAccount(id, "38", id, new PersonName("ПЕТРОВА", "Маша", "Ивановна"), birth, Gender.Female, null, hash,
            [DiaryRole.Student], [new School("38-s-001", "МБОУ СОШ № 1")], true, []);
    }
}
