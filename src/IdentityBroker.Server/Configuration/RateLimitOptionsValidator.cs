using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Configuration;

/// <summary>
/// Start-up validation of <see cref="RateLimitOptions"/> (section <c>IdentityBroker:RateLimits</c>): each message names the
/// key and the fix. A token bucket with no tokens or no refill would refuse every request to the limited endpoints
/// (sign-in, token, PAR, revocation, introspection) with 429 — an outage made by configuration, found only by users.
/// </summary>
internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    private const string P = RateLimitOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Check(errors, "PerIpPerSecond", options.PerIpPerSecond, 50, "requests per second per IP address");
        Check(errors, "PerIpBurst", options.PerIpBurst, 200, "the per-IP bucket size");
        Check(errors, "PerClientPerSecond", options.PerClientPerSecond, 2000, "requests per second per client_id");
        Check(errors, "PerClientBurst", options.PerClientBurst, 4000, "the per-client bucket size");

        if (options.PerIpBurst > 0 && options.PerIpPerSecond > options.PerIpBurst)
        {
            errors.Add($"{P}:PerIpBurst ({options.PerIpBurst}) is below {P}:PerIpPerSecond ({options.PerIpPerSecond}): the bucket caps the rate, so set the burst to at least the per-second rate.");
        }

        if (options.PerClientBurst > 0 && options.PerClientPerSecond > options.PerClientBurst)
        {
            errors.Add($"{P}:PerClientBurst ({options.PerClientBurst}) is below {P}:PerClientPerSecond ({options.PerClientPerSecond}): the bucket caps the rate, so set the burst to at least the per-second rate.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string key, int value, int defaultValue, string what)
    {
        if (value < 1)
        {
            errors.Add($"{P}:{key} must be at least 1 ({what}, default {defaultValue}); got {value}. To switch rate limiting off, set {P}:Enabled=false instead.");
        }
    }
}
