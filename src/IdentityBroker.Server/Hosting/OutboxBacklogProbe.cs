using System.Diagnostics.Metrics;
using Npgsql;

namespace IdentityBroker.Server.Hosting;

/// <summary>
/// Counts the outbox backlog every 30 s (one cheap grouped COUNT per replica: pending rows are indexed) for the
/// <c>identity_broker.outbox.backlog</c> gauge. Counted here, not in the gauge callback, so a scrape never waits on
/// PostgreSQL; a failed count keeps the last numbers and is retried at the next tick.
/// </summary>
internal sealed partial class OutboxBacklogProbe(NpgsqlDataSource database, ILogger<OutboxBacklogProbe> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                BrokerMetrics.SetBacklog(await CountAsync(stoppingToken));
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                Log.BacklogCountFailed(logger, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<IReadOnlyList<Measurement<long>>> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT kind, failed_at IS NOT NULL AS dead, count(*) FROM broker.outbox_messages WHERE delivered_at IS NULL GROUP BY 1, 2");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<Measurement<long>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new Measurement<long>(reader.GetInt64(2), new("kind", reader.GetString(0)), new("state", reader.GetBoolean(1) ? "dead" : "pending")));
        }

        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Counting the outbox backlog failed ({Error}); the gauge keeps the last count")]
        public static partial void BacklogCountFailed(ILogger logger, string error);
    }
}
