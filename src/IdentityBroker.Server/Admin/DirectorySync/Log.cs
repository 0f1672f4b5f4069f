namespace IdentityBroker.Server.Admin.DirectorySync;

/// <summary>Directory sync API log events: client ids, regions, batch ids and counts — never a row's content.</summary>
internal static partial class Log
{
    [LoggerMessage(9101, LogLevel.Warning, "Directory sync refused: client {ClientId} of region {RegionCode} asked for region {AskedRegion}", EventName = "DirectorySyncForbiddenRegion")]
    public static partial void ForbiddenRegion(ILogger logger, string clientId, string regionCode, string askedRegion);

    [LoggerMessage(9102, LogLevel.Information, "Directory sync batch {BatchId} of client {ClientId} for region {RegionCode} refused: {Error}", EventName = "DirectorySyncBatchRefused")]
    public static partial void BatchRefused(ILogger logger, string batchId, string clientId, string regionCode, string error);
}
