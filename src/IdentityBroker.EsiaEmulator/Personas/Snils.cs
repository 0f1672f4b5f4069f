using System.Text.RegularExpressions;

namespace IdentityBroker.EsiaEmulator.Personas;

/// <summary>SNILS format and checksum (ESIA.md §9).</summary>
internal static partial class Snils
{
    public static bool IsValid(string value)
    {
        if (!Format().IsMatch(value))
        {
            return false;
        }

        var digits = value.Where(char.IsDigit).Select(c => c - '0').ToArray();
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += digits[i] * (9 - i);
        }

        var check = sum switch
        {
            < 100 => sum,
            100 or 101 => 0,
            _ => sum % 101 == 100 ? 0 : sum % 101,
        };
        return check == (digits[9] * 10) + digits[10];
    }

    [GeneratedRegex(@"^\d{3}-\d{3}-\d{3} \d{2}$")]
    private static partial Regex Format();
}
