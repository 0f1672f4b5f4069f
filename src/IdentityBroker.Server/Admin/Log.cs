namespace IdentityBroker.Server.Admin;

/// <summary>Staff API log events: client ids, regions, lookup kinds and counts — never who was looked up.</summary>
internal static partial class Log
{
    [LoggerMessage(9001, LogLevel.Information, "Diagnostics lookup by {Kind} in region {RegionCode} by client {ClientId}: {Count} records", EventName = "DiagnosticsLookup")]
    public static partial void Lookup(ILogger logger, string clientId, string regionCode, string kind, int count);

    [LoggerMessage(9002, LogLevel.Warning, "Diagnostics lookup by {Kind} refused: client {ClientId} of region {RegionCode} asked for another region", EventName = "DiagnosticsLookupForbidden")]
    public static partial void LookupForbidden(ILogger logger, string clientId, string regionCode, string kind);
}
