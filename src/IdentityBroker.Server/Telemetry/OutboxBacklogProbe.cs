using System.Diagnostics.Metrics;
using Npgsql;

namespace IdentityBroker.Server.Telemetry;

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
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                Log.BacklogCountFailed(logger, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Counts now and publishes the numbers to the gauge (the timer's work; tests call it directly).</summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken) => BrokerMetrics.SetBacklog(await CountAsync(cancellationToken));

    /// <summary>Every kind and state, zero when absent: a series that disappears cannot be alerted on.</summary>
    private async Task<IReadOnlyList<Measurement<long>>> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT kind, failed_at IS NOT NULL AS dead, count(*) FROM broker.outbox_messages WHERE delivered_at IS NULL GROUP BY 1, 2");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<(string Kind, string State), long>();
        foreach (var kind in new[] { Core.Stores.OutboxKinds.BackChannelLogout, Core.Stores.OutboxKinds.Webhook })
        {
            counts[(kind, "pending")] = 0;
            counts[(kind, "dead")] = 0;
        }

        while (await reader.ReadAsync(cancellationToken))
        {
            counts[(reader.GetString(0), reader.GetBoolean(1) ? "dead" : "pending")] = reader.GetInt64(2);
        }

        return counts.Select(c => new Measurement<long>(c.Value, new("kind", c.Key.Kind), new("state", c.Key.State))).ToList();
    }

    /// <summary>EventId from the outbox's range (6010–6019, Delivery/Log.cs); 9xxx is the staff APIs' (Admin/Log.cs).</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 6014, Level = LogLevel.Warning, Message = "Counting the outbox backlog failed ({Error}); the gauge keeps the last count")]
        public static partial void BacklogCountFailed(ILogger logger, string error);
    }
}
