using IdentityBroker.Core.Matching;
using IdentityBroker.Core.Regions;

namespace IdentityBroker.Core.Tests.Matching;

/// <summary>R-MATCH-1: age from the ESIA birth date on the day of sign-in, in the region's time zone.</summary>
public sealed class AgeCalculatorTests
{
    [TestCase("2012-11-23", "2026-11-23", 14, TestName = "FullYears_Rmatch1_BirthdayToday_CountsFromItsFirstDay")]
    [TestCase("2012-11-24", "2026-11-23", 13, TestName = "FullYears_Rmatch1_BirthdayTomorrow_NotYet")]
    [TestCase("2012-11-22", "2026-11-23", 14, TestName = "FullYears_Rmatch1_BirthdayYesterday_Counts")]
    [TestCase("2008-02-29", "2026-02-28", 17, TestName = "FullYears_Rmatch1_LeapBirthdayInCommonYear_NotOn28Feb")]
    [TestCase("2008-02-29", "2026-03-01", 18, TestName = "FullYears_Rmatch1_LeapBirthdayInCommonYear_On1Mar")]
    [TestCase("2008-02-29", "2028-02-29", 20, TestName = "FullYears_Rmatch1_LeapBirthdayInLeapYear_OnTheDay")]
    public void FullYears(string birth, string today, int expected) =>
        Assert.That(AgeCalculator.FullYears(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(expected));

    [Test]
    public void RegionToday_Rmatch1_UsesRegionTimeZone()
    {
        // 17:30 UTC on 22 Nov is already 23 Nov (00:30) in Irkutsk (UTC+8), still 22 Nov in Moscow (UTC+3: 20:30).
        var instant = new DateTimeOffset(2026, 11, 22, 16, 30, 0, TimeSpan.Zero);
        var irkutsk = new Region("38", "Иркутская область", TimeZoneInfo.FindSystemTimeZoneById("Asia/Irkutsk"), RegionPolicy.Default);
        var moscow = new Region("77", "Москва", TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow"), RegionPolicy.Default);

        Assert.That(irkutsk.Today(instant), Is.EqualTo(new DateOnly(2026, 11, 23)));
        Assert.That(moscow.Today(instant), Is.EqualTo(new DateOnly(2026, 11, 22)));
    }
}
