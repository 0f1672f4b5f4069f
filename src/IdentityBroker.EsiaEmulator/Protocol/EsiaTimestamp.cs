using System.Globalization;
using System.Text.RegularExpressions;

namespace IdentityBroker.EsiaEmulator.Protocol;

/// <summary>The <c>timestamp</c> parameter: <c>yyyy.MM.dd HH:mm:ss +0300</c> (numeric offset without a colon, ESIA.md §2.1).</summary>
internal static partial class EsiaTimestamp
{
    public static bool TryParse(string value, out DateTimeOffset result)
    {
        result = default;
        var match = Pattern().Match(value);
        if (!match.Success)
        {
            return false;
        }

        int Part(string name) => int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
        var offset = new TimeSpan(Part("oh"), Part("om"), 0);
        if (match.Groups["sign"].Value == "-")
        {
            offset = -offset;
        }

        try
        {
            result = new DateTimeOffset(Part("y"), Part("M"), Part("d"), Part("h"), Part("m"), Part("s"), offset);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    public static bool IsWithinWindow(string value, DateTimeOffset now, int windowSeconds) =>
        TryParse(value, out var timestamp) && Math.Abs((now - timestamp).TotalSeconds) <= windowSeconds;

    [GeneratedRegex(@"^(?<y>\d{4})\.(?<M>\d{2})\.(?<d>\d{2}) (?<h>\d{2}):(?<m>\d{2}):(?<s>\d{2}) (?<sign>[+-])(?<oh>\d{2})(?<om>\d{2})$")]
    private static partial Regex Pattern();
}
