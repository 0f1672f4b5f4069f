using IdentityBroker.Server.Configuration;
using IdentityBroker.Store;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Hosting;

/// <summary>
/// Runs <see cref="ExpiredStateCleaner"/> every <see cref="Interval"/> on every replica (advisory locks let one replica
/// clean at a time): expired operational state, then audit records older than <c>IdentityBroker:Audit:RetentionPeriod</c>
/// in batches of <see cref="ExpiredStateCleaner.AuditBatchSize"/>, then directory sync batch records older than
/// <c>IdentityBroker:DirectorySync:BatchRetention</c> (issue #13), in batches of the same size.
/// </summary>
internal sealed partial class ExpiredStateCleanupService(
    ExpiredStateCleaner cleaner,
    IOptions<BrokerOptions> options,
    TimeProvider time,
    ILogger<ExpiredStateCleanupService> logger) : BackgroundService
{
    /// <summary>How often a replica tries to clean.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    /// <summary>One pass: expired state, then audit retention. Returns the audit records deleted (null: another replica had the lock).</summary>
    internal async Task<int?> CleanOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expired = await cleaner.DeleteExpiredAsync(now, cancellationToken);
        if (expired is not null)
        {
            Log.ExpiredStateDeleted(logger, expired.ToString());
        }

        var audit = await cleaner.DeleteExpiredAuditRecordsAsync(
            now, options.Value.Audit.RetentionPeriod, ExpiredStateCleaner.AuditBatchSize, ExpiredStateCleaner.MaxAuditBatchesPerRun, cancellationToken);
        if (audit > 0)
        {
            Log.AuditRecordsDeleted(logger, audit.Value, options.Value.Audit.RetentionPeriod);
        }

        var batches = await cleaner.DeleteExpiredDirectorySyncBatchesAsync(
            now, options.Value.DirectorySync.BatchRetention, ExpiredStateCleaner.AuditBatchSize, ExpiredStateCleaner.MaxAuditBatchesPerRun, cancellationToken);
        if (batches > 0)
        {
            Log.DirectorySyncBatchesDeleted(logger, batches.Value, options.Value.DirectorySync.BatchRetention);
        }

        return audit;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CleanOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.CleanupFailed(logger, ex.GetType().Name);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5020, LogLevel.Debug, "Expired state deleted: {Counts}", EventName = "ExpiredStateDeleted")]
        public static partial void ExpiredStateDeleted(ILogger logger, string counts);

        [LoggerMessage(5021, LogLevel.Information, "Deleted {Count} audit record(s) older than the retention period {RetentionPeriod}", EventName = "AuditRecordsDeleted")]
        public static partial void AuditRecordsDeleted(ILogger logger, int count, TimeSpan retentionPeriod);

        [LoggerMessage(5023, LogLevel.Information, "Deleted {Count} directory sync batch record(s) older than the retention period {RetentionPeriod}", EventName = "DirectorySyncBatchesDeleted")]
        public static partial void DirectorySyncBatchesDeleted(ILogger logger, int count, TimeSpan retentionPeriod);

        [LoggerMessage(5022, LogLevel.Error, "Cleanup of expired state failed ({Error}); retrying at the next interval", EventName = "CleanupFailed")]
        public static partial void CleanupFailed(ILogger logger, string error);
    }
}
