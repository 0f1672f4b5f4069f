using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Configuration;

/// <summary>
/// Start-up validation of <see cref="SigningOptions"/> (section <c>IdentityBroker:Signing</c>): every message names the key
/// and the fix. Registered with ValidateOnStart, and run by <see cref="BrokerConfiguration.LoadValidated"/> before the
/// host is built, so <c>BrokerApp.Create</c> reports it with the other configuration errors.
/// </summary>
internal sealed class SigningOptionsValidator : IValidateOptions<SigningOptions>
{
    private const string P = SigningOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SigningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Algorithm is not ("RS256" or "ES256"))
        {
            errors.Add($"{P}:Algorithm must be RS256 or ES256 (got '{options.Algorithm}'): RS256 unless every client supports ES256.");
        }

        if (options.RotationPeriod <= TimeSpan.Zero || options.PublishAhead <= TimeSpan.Zero || options.KeySetRefreshInterval <= TimeSpan.Zero)
        {
            errors.Add($"{P}:RotationPeriod, PublishAhead and KeySetRefreshInterval must be positive durations (defaults 90.00:00:00, 2.00:00:00, 00:00:30).");
        }
        else if (options.PublishAhead >= options.RotationPeriod)
        {
            errors.Add($"{P}:PublishAhead ({options.PublishAhead}) must be shorter than RotationPeriod ({options.RotationPeriod}).");
        }
        else if (options.KeySetRefreshInterval * 2 > options.PublishAhead)
        {
            errors.Add($"{P}:KeySetRefreshInterval must be at most half of PublishAhead, so every replica sees a new key before it signs.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
