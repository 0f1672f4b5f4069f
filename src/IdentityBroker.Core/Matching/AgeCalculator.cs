namespace IdentityBroker.Core.Matching;

/// <summary>R-MATCH-1: full years on the region's calendar day of sign-in; a birthday counts from its first day.</summary>
public static class AgeCalculator
{
    public static int FullYears(DateOnly birthDate, DateOnly today)
    {
        var age = today.Year - birthDate.Year;
        // 29 February birthdays: the birthday in a non-leap year is 1 March (the day after 28 February).
        var birthdayThisYear = birthDate.Month == 2 && birthDate.Day == 29 && !DateTime.IsLeapYear(today.Year)
            ? new DateOnly(today.Year, 3, 1)
            : new DateOnly(today.Year, birthDate.Month, birthDate.Day);
        if (today < birthdayThisYear)
        {
            age--;
        }

        return age;
    }
}
