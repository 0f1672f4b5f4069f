using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace IdentityBroker.Server.Hosting;

/// <summary>
/// Removes personal identifiers from URLs on finished spans before any exporter sees them. ESIA puts the person's oid in
/// the path (<c>/rs/prns/{oid}</c>, <c>/rs/prns/{oid}/kids/{oid}</c>, <c>…/docs/{id}</c>, <c>…/ctts/{id}</c>); the
/// HttpClient instrumentation would export it as <c>url.full</c>, and the span name could carry it. Every path segment
/// that is a number of 4+ digits (or a GUID) becomes <c>{id}</c>; query strings are replaced wholesale (codes, states).
/// Must be added before the exporters (processors run in order).
/// </summary>
internal sealed partial class PersonalDataScrubber : BaseProcessor<Activity>
{
    private static readonly string[] UrlAttributes = ["url.full", "url.path", "url.query", "http.url", "http.target", "url.original", "http.route"];

    public override void OnEnd(Activity data)
    {
        foreach (var key in UrlAttributes)
        {
            if (data.GetTagItem(key) is string value)
            {
                data.SetTag(key, Scrub(value));
            }
        }

        data.DisplayName = Scrub(data.DisplayName);
    }

    /// <summary>The URL or path with identifier segments and query values removed.</summary>
    public static string Scrub(string value)
    {
        var query = value.IndexOf('?', StringComparison.Ordinal);
        var path = query >= 0 ? value[..query] + "?{redacted}" : value;
        return IdentifierSegment().Replace(path, "/{id}");
    }

    [GeneratedRegex(@"/(?:\d{4,}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?=/|\?|$)")]
    private static partial Regex IdentifierSegment();
}
