namespace IdentityBroker.Core.Regions;

/// <summary>A region (subject of the Russian Federation) served by the broker (R-REGION-1).</summary>
/// <param name="Code">The two-digit subject code, e.g. "38" (Irkutsk oblast).</param>
/// <param name="Name">Display name in Russian, e.g. "Иркутская область".</param>
/// <param name="TimeZone">The region's time zone; ages are computed on the region's calendar day (R-MATCH-1).</param>
public sealed record Region(string Code, string Name, TimeZoneInfo TimeZone, RegionPolicy Policy)
{
    /// <summary>Today's date in the region (R-MATCH-1: a birthday counts from its first day, local time).</summary>
    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZone).DateTime);
}
