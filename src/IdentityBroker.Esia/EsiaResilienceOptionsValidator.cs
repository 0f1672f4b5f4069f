using Microsoft.Extensions.Options;

namespace IdentityBroker.Esia;

/// <summary>
/// Start-up validation of <see cref="EsiaResilienceOptions"/> (section <c>IdentityBroker:Esia:Resilience</c>): each message
/// names the key and the range that works. Without it, a zero concurrency limit or a negative retry count fails only at
/// the first sign-in (the resilience pipelines are built lazily, per region).
/// </summary>
internal sealed class EsiaResilienceOptionsValidator : IValidateOptions<EsiaResilienceOptions>
{
    private const string P = EsiaResilienceOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, EsiaResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        if (options.ReadRetries is < 0 or > 10)
        {
            errors.Add($"{P}:ReadRetries must be between 0 and 10 (default 2; retries of GET /rs/... only, the token POST is never retried); got {options.ReadRetries}.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryBaseDelay > TimeSpan.FromSeconds(30))
        {
            errors.Add($"{P}:RetryBaseDelay must be between 00:00:00.001 and 00:00:30 (default 00:00:00.200); got {options.RetryBaseDelay}.");
        }

        if (!(options.BreakerFailureRatio is > 0 and <= 1))
        {
            errors.Add($"{P}:BreakerFailureRatio must be greater than 0 and at most 1 (default 0.5: the breaker opens when half the calls fail); got {options.BreakerFailureRatio}.");
        }

        if (options.BreakerMinimumThroughput < 2)
        {
            errors.Add($"{P}:BreakerMinimumThroughput must be at least 2 (default 10 calls in the sampling window before the breaker may open); got {options.BreakerMinimumThroughput}.");
        }

        if (options.BreakerSamplingDuration < TimeSpan.FromMilliseconds(500) || options.BreakerSamplingDuration > TimeSpan.FromHours(1))
        {
            errors.Add($"{P}:BreakerSamplingDuration must be between 00:00:00.500 and 01:00:00 (default 00:00:30); got {options.BreakerSamplingDuration}.");
        }

        if (options.BreakerBreakDuration < TimeSpan.FromMilliseconds(500) || options.BreakerBreakDuration > TimeSpan.FromHours(1))
        {
            errors.Add($"{P}:BreakerBreakDuration must be between 00:00:00.500 and 01:00:00 (default 00:00:30: how long an open breaker refuses calls); got {options.BreakerBreakDuration}.");
        }

        if (options.MaxConcurrentRequestsPerRegion < 1)
        {
            errors.Add($"{P}:MaxConcurrentRequestsPerRegion must be at least 1 (default 32 concurrent ESIA calls per region); got {options.MaxConcurrentRequestsPerRegion}.");
        }

        if (options.QueueLimit < 0)
        {
            errors.Add($"{P}:QueueLimit must be 0 or more (default 64 calls waiting for a slot; 0 rejects at once); got {options.QueueLimit}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
