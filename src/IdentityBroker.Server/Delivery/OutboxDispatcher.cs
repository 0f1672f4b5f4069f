using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Delivery;

/// <summary>
/// The general outbox dispatcher (every message kind: back-channel logout, OIDC Back-Channel Logout 1.0 §2.5–2.8; consent
/// webhooks, docs/webhooks.md): every replica polls, claims due messages with <c>FOR UPDATE SKIP LOCKED</c> and a 30 s lease
/// (so two replicas never send the same message at once), hands each one to the ONE <see cref="IOutboxSender"/> of its kind,
/// and records the outcome: delivered on 2xx; otherwise the next attempt after an exponential, jittered backoff
/// (<see cref="RetrySchedule"/>), or given up after 24 h (kept as failed, logged). It knows no message kind itself: a new
/// kind is a new sender. The timing options are still those of <c>IdentityBroker:Logout:BackChannel*</c> (their keys are
/// public configuration and stay).
/// </summary>
internal sealed class OutboxDispatcher(
    IOutbox outbox, IEnumerable<IOutboxSender> senders, IOptions<BrokerOptions> options, TimeProvider time, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    private readonly Dictionary<string, IOutboxSender> _senders = senders.ToDictionary(s => s.Kind, StringComparer.Ordinal);

    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private const int BatchSize = 20;
    private const int Parallelism = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value.Logout;
        using var timer = new PeriodicTimer(o.BackChannelPollInterval, time);
        do
        {
            try
            {
                await DispatchDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.DispatchFailed(logger, ex); // PostgreSQL away for a moment: the next tick tries again
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>Claims and delivers due messages until none are left (one pass of the poll loop).</summary>
    public async Task DispatchDueAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<OutboxMessage> batch;
        do
        {
            batch = await outbox.ClaimDueAsync(BatchSize, time.GetUtcNow(), Lease, cancellationToken);
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (message, ct) => await DeliverAsync(message, ct));
        }
        while (batch.Count == BatchSize && !cancellationToken.IsCancellationRequested);
    }

    /// <remarks><see cref="OutboxMessage.Attempts"/> already counts this attempt (the claim counts it).</remarks>
    private async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value.Logout;
        var destination = Uri.TryCreate(message.Destination, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "?";
        var error = _senders.TryGetValue(message.Kind, out var sender)
            ? await sender.SendAsync(message, cancellationToken)
            : "no sender for kind " + message.Kind; // fails like an unreachable receiver: kept, retried, then given up (logged)
        var now = time.GetUtcNow();
        if (error is null)
        {
            await outbox.MarkDeliveredAsync(message.Id, now, CancellationToken.None);
            Log.Delivered(logger, message.Kind, destination, message.Id, message.Attempts);
            return;
        }

        var next = RetrySchedule.NextAttempt(message.Attempts, message.CreatedAt, now, o.BackChannelMaxBackoff, o.BackChannelGiveUpAfter);
        await outbox.MarkFailedAsync(message.Id, error, now, next, CancellationToken.None);
        Telemetry.BrokerMetrics.OutboxDeliveryFailed(message.Kind, gaveUp: next is null);
        if (next is null)
        {
            Log.GaveUp(logger, message.Kind, destination, message.Id, message.Attempts, error);
        }
        else
        {
            Log.AttemptFailed(logger, message.Kind, destination, message.Id, message.Attempts, error, next.Value);
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
