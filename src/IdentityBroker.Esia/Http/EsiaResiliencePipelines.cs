using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace IdentityBroker.Esia.Http;

/// <summary>
/// The Polly pipelines of the ESIA client (STYLE.md §9 "Resilience"):
/// per operation — reads: total timeout → retry with jitter; token POST: total timeout only, never retried (single-use
/// code, ESIA.md §3.1); per region — concurrency limiter → circuit breaker → per-attempt timeout, so an ESIA outage
/// in one region neither exhausts the broker nor trips other regions.
/// </summary>
internal sealed class EsiaResiliencePipelines(
    IOptions<EsiaResilienceOptions> options, EsiaMetrics metrics, ILogger<EsiaResiliencePipelines> logger) : IDisposable
{
    public static readonly ResiliencePropertyKey<TimeSpan> AttemptTimeoutKey = new("esia.attempt-timeout");
    public static readonly ResiliencePropertyKey<string> OperationKey = new("esia.operation");
    public static readonly ResiliencePropertyKey<string> RegionKey = new("esia.region");

    private readonly ResiliencePipelineRegistry<string> _registry = new();
    private readonly EsiaResilienceOptions _options = options.Value;

    public ResiliencePipeline<HttpResponseMessage> ForOperation(string operation) =>
        _registry.GetOrAddPipeline<HttpResponseMessage>("op:" + operation, builder =>
        {
            var retries = operation == EsiaRequestContext.TokenOperation ? 0 : _options.ReadRetries;
            builder.AddTimeout(new TimeoutStrategyOptions
            {
                Name = "esia-total-timeout",
                TimeoutGenerator = args => ValueTask.FromResult(TotalTimeout(AttemptTimeout(args.Context), retries)),
            });
            if (retries > 0)
            {
                builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    Name = "esia-read-retry",
                    MaxRetryAttempts = retries,
                    Delay = _options.RetryBaseDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                    OnRetry = args =>
                    {
#pragma warning disable CA1873 // once per retry of a failed ESIA call: a dictionary lookup
                        Log.RequestRetried(logger, operation, args.Context.Properties.GetValue(RegionKey, "unknown"), args.AttemptNumber + 1);
#pragma warning restore CA1873
                        return ValueTask.CompletedTask;
                    },
                });
            }
        });

    public ResiliencePipeline<HttpResponseMessage> ForRegion(string region) =>
        _registry.GetOrAddPipeline<HttpResponseMessage>("region:" + region, builder =>
        {
            builder.AddConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = _options.MaxConcurrentRequestsPerRegion,
                QueueLimit = _options.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                Name = "esia-breaker",
                FailureRatio = _options.BreakerFailureRatio,
                MinimumThroughput = _options.BreakerMinimumThroughput,
                SamplingDuration = _options.BreakerSamplingDuration,
                BreakDuration = _options.BreakerBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                OnOpened = args =>
                {
                    metrics.RecordBreaker(region, "open");
                    Log.CircuitOpened(logger, region, args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    metrics.RecordBreaker(region, "closed");
                    Log.CircuitClosed(logger, region);
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    metrics.RecordBreaker(region, "half_open");
                    Log.CircuitHalfOpened(logger, region);
                    return ValueTask.CompletedTask;
                },
            });
            builder.AddTimeout(new TimeoutStrategyOptions
            {
                Name = "esia-attempt-timeout",
                TimeoutGenerator = args => ValueTask.FromResult(AttemptTimeout(args.Context)),
            });
        });

    public void Dispose() => _registry.Dispose();

    /// <summary>Network errors, timeouts, 5xx, 408 and 429 are transient; ESIA's 4xx answers are not.</summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500 ||
                                    response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        _ => false,
    };

    private static TimeSpan AttemptTimeout(ResilienceContext context) =>
        context.Properties.GetValue(AttemptTimeoutKey, TimeSpan.FromSeconds(10));

    private TimeSpan TotalTimeout(TimeSpan attempt, int retries) =>
        (attempt * (retries + 1)) + (_options.RetryBaseDelay * Math.Pow(2, retries + 1)) + TimeSpan.FromSeconds(1);
}
