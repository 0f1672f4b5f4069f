using System.Net;
using System.Text.RegularExpressions;

namespace IdentityBroker.DemoClient.Tests.Support;

/// <summary>Just enough HTML reading for the demo client's own pages (stable ids and data-claim rows).</summary>
internal static partial class HtmlPage
{
    /// <summary>The decoded text inside the first element with this id, or null when absent.</summary>
    public static string? TextById(string html, string id)
    {
        var match = Regex.Match(html, $"<(\\w+)[^>]*\\bid=\"{Regex.Escape(id)}\"[^>]*>(.*?)</\\1>", RegexOptions.Singleline);
        return match.Success ? WebUtility.HtmlDecode(Tags().Replace(match.Groups[2].Value, "")).Trim() : null;
    }

    public static bool HasId(string html, string id) => html.Contains($"id=\"{id}\"", StringComparison.Ordinal);

    /// <summary>The value cell of the claims table row <c>&lt;tr data-claim="name"&gt;</c>.</summary>
    public static string? Claim(string html, string name)
    {
        var match = Regex.Match(html, $"<tr data-claim=\"{Regex.Escape(name)}\">.*?<td>(.*?)</td>", RegexOptions.Singleline);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
