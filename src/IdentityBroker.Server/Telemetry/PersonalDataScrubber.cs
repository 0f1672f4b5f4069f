using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace IdentityBroker.Server.Telemetry;

/// <summary>
/// Removes personal identifiers from URLs on finished spans before any exporter sees them. ESIA puts the person's oid in
/// the path (<c>/rs/prns/{oid}</c>, <c>/rs/prns/{oid}/kids/{oid}</c>, <c>…/docs/{id}</c>, <c>…/ctts/{id}</c>); the
/// HttpClient instrumentation would export it as <c>url.full</c>, and the span name could carry it. Every path segment
/// that is a number of 4+ digits (or a GUID) becomes <c>{id}</c>; query strings are replaced wholesale (codes, states).
/// Runs twice: from the instrumentations' enrich hooks while the span is open (so the order of processors and
/// exporters does not matter for URLs) and as a processor for everything else (span names, other sources).
/// </summary>
internal sealed partial class PersonalDataScrubber : BaseProcessor<Activity>
{
    private static readonly string[] UrlAttributes = ["url.full", "url.path", "url.query", "http.url", "http.target", "url.original", "http.route"];

    public override void OnEnd(Activity data)
    {
        ScrubUrls(data);
        data.DisplayName = Scrub(data.DisplayName);
    }

    /// <summary>Scrubs the URL attributes in place (also called from the instrumentations' enrich hooks).</summary>
    public static void ScrubUrls(Activity activity)
    {
        foreach (var key in UrlAttributes)
        {
            if (activity.GetTagItem(key) is string value)
            {
                activity.SetTag(key, Scrub(value));
            }
        }
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
