using System.Globalization;
using System.Text.RegularExpressions;

namespace IdentityBroker.EsiaEmulator.Personas;

/// <summary>
/// Dates in personas.json: either <c>dd.MM.yyyy</c> or <c>today[-Ny][±Nd]</c> relative to the current Moscow date,
/// so that ages stay fixed over time (<c>today-14y</c> = 14th birthday today, <c>today-14y+1d</c> = tomorrow).
/// </summary>
internal static partial class RelativeDate
{
    public static readonly TimeSpan MoscowOffset = TimeSpan.FromHours(3);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(MoscowOffset).DateTime);

    public static bool TryResolve(string value, DateOnly today, out DateOnly date)
    {
        if (DateOnly.TryParseExact(value, "dd.MM.yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        var match = RelativePattern().Match(value);
        if (!match.Success)
        {
            return false;
        }

        date = today;
        if (match.Groups["years"].Success)
        {
            date = date.AddYears(-int.Parse(match.Groups["years"].Value, CultureInfo.InvariantCulture));
        }

        if (match.Groups["days"].Success)
        {
            var days = int.Parse(match.Groups["days"].Value, CultureInfo.InvariantCulture);
            date = date.AddDays(match.Groups["sign"].Value == "-" ? -days : days);
        }

        return true;
    }

    public static DateOnly Resolve(string value, DateOnly today) =>
        TryResolve(value, today, out var date) ? date : throw new FormatException($"'{value}' is not a persona date.");

    public static string Format(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^today(?:-(?<years>\d{1,3})y)?(?:(?<sign>[+-])(?<days>\d{1,4})d)?$")]
    private static partial Regex RelativePattern();
}
