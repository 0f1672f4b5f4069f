using Microsoft.Extensions.Logging;

namespace IdentityBroker.Store;

/// <summary>Store log messages (EventIds 5000–5999, STYLE.md §9). No personal data: counts, ids and line numbers only.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, EventName = "MigrationLockWaiting", Level = LogLevel.Information,
        Message = "Waiting for the migration lock (another instance may be migrating)")]
    public static partial void MigrationLockWaiting(ILogger logger);

    [LoggerMessage(EventId = 5002, EventName = "MigrationsApplying", Level = LogLevel.Information,
        Message = "Applying {Count} migration(s): {Migrations}")]
    public static partial void MigrationsApplying(ILogger logger, int count, string migrations);

    [LoggerMessage(EventId = 5003, EventName = "MigrationsUpToDate", Level = LogLevel.Information,
        Message = "Database schema is up to date")]
    public static partial void MigrationsUpToDate(ILogger logger);

    [LoggerMessage(EventId = 5010, EventName = "DirectoryImported", Level = LogLevel.Information,
        Message = "Directory import for region {RegionCode}: {Inserted} inserted, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected")]
    public static partial void DirectoryImported(ILogger logger, string regionCode, int inserted, int updated, int unchanged, int rejected);
}
