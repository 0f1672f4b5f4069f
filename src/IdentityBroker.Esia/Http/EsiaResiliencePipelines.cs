using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace IdentityBroker.Esia.Http;

/// <summary>
/// The two keyed resilience handlers of the ESIA client (Microsoft.Extensions.Http.Resilience, STYLE.md §9 "Resilience",
/// ADR 0004), outermost first:
/// <list type="number">
/// <item><see cref="AttemptsHandlerName"/>, keyed by <see cref="AttemptsKey"/>: total timeout → retry with jitter for
/// <see cref="RetriedReadKey"/>; total timeout only for <see cref="SingleAttemptKey"/>. Every POST is single-attempt (the
/// token POST carries ESIA's single-use code, ESIA.md §3.1), whatever operation it is tagged with.</item>
/// <item><see cref="RegionHandlerName"/>, keyed by region: concurrency limiter → circuit breaker → per-attempt timeout,
/// so an ESIA outage in one region neither exhausts the broker nor trips other regions. Each retry passes through it
/// again: every attempt needs a slot and counts for the breaker.</item>
/// </list>
/// The keyed pipelines live in the resilience registry (a singleton), so breaker state outlives handler rotation.
/// </summary>
internal static class EsiaResiliencePipelines
{
    /// <summary>The outer handler's name (pipeline names appear in Polly's telemetry as <c>{client}-{handler}/{key}</c>).</summary>
    public const string AttemptsHandlerName = "attempts";

    /// <summary>The inner, per-region handler's name.</summary>
    public const string RegionHandlerName = "region";

    /// <summary>Idempotent reads (GET /rs/...): retried per <see cref="EsiaResilienceOptions.ReadRetries"/>.</summary>
    public const string RetriedReadKey = "retried-read";

    /// <summary>Everything else, above all the token POST: one attempt, never retried.</summary>
    public const string SingleAttemptKey = "single-attempt";

    private static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Adds both handlers to the ESIA client (order matters: attempts outside, region inside).</summary>
    public static IHttpClientBuilder AddEsiaResilience(this IHttpClientBuilder builder)
    {
        builder.AddResilienceHandler(AttemptsHandlerName, ConfigureAttempts).SelectPipelineBy(_ => AttemptsKey);
        builder.AddResilienceHandler(RegionHandlerName, ConfigureRegion).SelectPipelineBy(_ => RegionKey);
        return builder;
    }

    /// <summary>
    /// A retry is allowed only for a GET tagged as a read. The method check is the guard: a POST tagged (or left untagged)
    /// as anything is never retried, so a tagging mistake cannot send ESIA's single-use code twice.
    /// </summary>
    internal static string AttemptsKey(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get
        && request.Options.TryGetValue(EsiaRequestContext.Operation, out var operation)
        && operation == EsiaRequestContext.PersonOperation
            ? RetriedReadKey
            : SingleAttemptKey;

    internal static string RegionKey(HttpRequestMessage request) =>
        request.Options.TryGetValue(EsiaRequestContext.Region, out var region) ? region : "unknown";

    private static void ConfigureAttempts(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<EsiaResilienceOptions>>().Value;
        var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EsiaResiliencePipelines));
        var retries = context.InstanceName == RetriedReadKey ? options.ReadRetries : 0;
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "esia-total-timeout",
            TimeoutGenerator = args => ValueTask.FromResult(TotalTimeout(AttemptTimeout(args.Context), retries, options.RetryBaseDelay)),
        });
        if (retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "esia-read-retry",
                MaxRetryAttempts = retries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    var operation = request is not null && request.Options.TryGetValue(EsiaRequestContext.Operation, out var o) ? o : "unknown";
                    Log.RequestRetried(logger, operation, request is null ? "unknown" : RegionKey(request), args.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            });
        }
    }

    private static void ConfigureRegion(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<EsiaResilienceOptions>>().Value;
        var metrics = context.ServiceProvider.GetRequiredService<EsiaMetrics>();
        var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EsiaResiliencePipelines));
        var region = context.InstanceName;
        builder.AddConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.MaxConcurrentRequestsPerRegion,
            QueueLimit = options.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            Name = "esia-breaker",
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakerBreakDuration,
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
    }

    /// <summary>Network errors, timeouts, 5xx, 408 and 429 are transient; ESIA's 4xx answers are not.</summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500 ||
                                    response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        _ => false,
    };

    /// <summary>The region's <see cref="EsiaRegistrationOptions.Timeout"/>, carried on the request by <see cref="EsiaRequestContext.Tag"/>.</summary>
    private static TimeSpan AttemptTimeout(ResilienceContext context) =>
        context.GetRequestMessage() is { } request && request.Options.TryGetValue(EsiaRequestContext.AttemptTimeout, out var timeout)
            ? timeout
            : DefaultAttemptTimeout;

    private static TimeSpan TotalTimeout(TimeSpan attempt, int retries, TimeSpan retryBaseDelay) =>
        (attempt * (retries + 1)) + (retryBaseDelay * Math.Pow(2, retries + 1)) + TimeSpan.FromSeconds(1);
}
