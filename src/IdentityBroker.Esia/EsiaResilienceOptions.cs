namespace IdentityBroker.Esia;

/// <summary>
/// Resilience settings shared by all regions (the per-attempt timeout is per region: <see cref="EsiaRegistrationOptions.Timeout"/>).
/// <c>services.AddEsiaClient(o =&gt; …)</c> binds <see cref="SectionName"/> from the host's configuration, then applies the
/// code; <see cref="EsiaResilienceOptionsValidator"/> checks the result at start-up.
/// </summary>
public sealed class EsiaResilienceOptions
{
    /// <summary>Suggested configuration section.</summary>
    public const string SectionName = "IdentityBroker:Esia:Resilience";

    /// <summary>Retries of idempotent reads (GET /rs/...). The token POST is never retried.</summary>
    public int ReadRetries { get; set; } = 2;

    /// <summary>Base delay of the exponential, jittered retry backoff.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Failure ratio within <see cref="BreakerSamplingDuration"/> that opens a region's breaker.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Minimum calls in the sampling window before the breaker may open.</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    /// <summary>Sampling window of the breaker.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open breaker rejects calls before one trial call.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Concurrent ESIA calls per region; more wait in a queue of <see cref="QueueLimit"/>, the rest are rejected.</summary>
    public int MaxConcurrentRequestsPerRegion { get; set; } = 32;

    /// <summary>Calls that may wait for a concurrency slot.</summary>
    public int QueueLimit { get; set; } = 64;
}
