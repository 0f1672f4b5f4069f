using System.Globalization;
using IdentityBroker.Core.Matching;
using IdentityBroker.Core.People;

namespace IdentityBroker.Core.Tests.Matching;

/// <summary>
/// R-MATCH-4 (issue #10 item 8): every Unicode dash (general category Pd) and the minus signs between name parts behave
/// exactly like the hyphen-minus, with or without spaces around them. The table is computed from the Unicode data of the
/// runtime, so a dash added to Unicode is covered without editing the test.
/// </summary>
public sealed class NameDashTests
{
    private static readonly char[] MinusSigns = ['\u2212', '\u207B', '\u208B', '\u2796', '\u02D7'];

    public static IEnumerable<TestCaseData> Dashes() =>
        Enumerable.Range(0, char.MaxValue + 1)
            .Select(i => (char)i)
            .Where(c => !char.IsSurrogate(c) && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.DashPunctuation)
            .Concat(MinusSigns)
            .Select(c => new TestCaseData(c).SetArgDisplayNames($"U+{(int)c:X4}"));

    [Test]
    public void Dashes_TableCoversTheKnownDashesAndMinusSigns()
    {
        var all = Dashes().Select(d => (char)d.Arguments[0]!).ToHashSet();

        Assert.That(all, Is.SupersetOf("-\u2010\u2011\u2012\u2013\u2014\u2015\uFE58\uFE63\uFF0D\u2E3A\u2E3B\u2212"));
    }

    [TestCaseSource(nameof(Dashes))]
    public void NormalizePart_Rmatch4_AnyDashBetweenParts_IsTheHyphen(char dash)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(NameNormalizer.NormalizePart("Петрова" + dash + "Водкина"), Is.EqualTo("петрова-водкина"));
            Assert.That(NameNormalizer.NormalizePart("Петрова " + dash + " Водкина"), Is.EqualTo("петрова-водкина"));
            Assert.That(NameNormalizer.IsDash(dash), Is.True);
        }
    }

    [TestCaseSource(nameof(Dashes))]
    public void Normalized_Rmatch4_DiaryWithAnyDash_MatchesEsiaWithHyphen(char dash) =>
        Assert.That(new PersonName("Петрова" + dash + "Водкина", "Анна", null).Normalized,
            Is.EqualTo(new PersonName("Петрова-Водкина", "Анна", null).Normalized));

    [TestCase('_')]
    [TestCase('.')]
    [TestCase('~')]
    [TestCase('\u00AD')] // soft hyphen: invisible, not a dash between parts
    public void NormalizePart_Rmatch4_NotADash_StaysDifferent(char other) =>
        Assert.That(NameNormalizer.NormalizePart("Петрова" + other + "Водкина"), Is.Not.EqualTo("петрова-водкина"));
}
