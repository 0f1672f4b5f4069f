using Microsoft.Extensions.Logging;

namespace IdentityBroker.Store.Directory;

/// <summary>Log messages of the directory import: region codes and counts only, never personal data.</summary>
internal static partial class DirectoryLog
{
    [LoggerMessage(EventId = 5011, EventName = "DirectoryImportRemoved", Level = LogLevel.Information,
        Message = "Directory import for region {RegionCode} removed {Removed} accounts, {LinksRemoved} links (audited, R-MATCH-7), {RelationsRemoved} relations")]
    public static partial void Removed(ILogger logger, string regionCode, int removed, int linksRemoved, int relationsRemoved);

    [LoggerMessage(EventId = 5012, EventName = "DirectoryImportPhases", Level = LogLevel.Information,
        Message = "Directory import for region {RegionCode}: {Rows} rows staged in {StageMs} ms, merged in {MergeMs} ms ({Steps})")]
    public static partial void Phases(ILogger logger, string regionCode, long rows, long stageMs, long mergeMs, string steps);

    [LoggerMessage(EventId = 5013, EventName = "DirectoryImportMixedScriptNames", Level = LogLevel.Warning,
        Message = "Directory import for region {RegionCode}: {Count} imported names mix Cyrillic and Latin letters and cannot match a Cyrillic ESIA name; the school should correct them ({Rows})")]
    public static partial void MixedScriptNames(ILogger logger, string regionCode, int count, string rows);

    [LoggerMessage(EventId = 5015, EventName = "DirectoryAccountsDeactivated", Level = LogLevel.Information,
        Message = "Directory change for region {RegionCode} made {Deactivated} accounts unusable (R-MATCH-8, audited); {TokensRevoked} refresh tokens revoked")]
    public static partial void Deactivated(ILogger logger, string regionCode, int deactivated, int tokensRevoked);

    [LoggerMessage(EventId = 5016, EventName = "DirectorySyncBatchApplied", Level = LogLevel.Information,
        Message = "Directory sync batch {BatchId} of client {ClientId} for region {RegionCode}: {Rows} rows, {Status}, {Rejected} rejected")]
    public static partial void BatchApplied(ILogger logger, string batchId, string clientId, string regionCode, int rows, string status, int rejected);
}
