using IdentityBroker.Core.Stores;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Configuration;

/// <summary>
/// The section <c>IdentityBroker:ManualLink</c>: the attempt limiter of manual linking by diary password (R-MATCH-6) and
/// of the password fallback while ESIA is down (R-REGION-3). Defaults are <see cref="AttemptPolicy.ManualLinkDefault"/>:
/// 3 free attempts, then 30 s, 1 min, 2 min … up to 1 h; forgotten a day after the last attempt.
/// </summary>
public sealed class ManualLinkOptions
{
    /// <summary>Attempts per key (diary account, ESIA person, typed login) before the growing delays start.</summary>
    public int FreeAttempts { get; set; } = AttemptPolicy.ManualLinkDefault.FreeAttempts;

    /// <summary>The first delay; each further attempt doubles it.</summary>
    public TimeSpan BaseDelay { get; set; } = AttemptPolicy.ManualLinkDefault.BaseDelay;

    /// <summary>The longest delay.</summary>
    public TimeSpan MaxDelay { get; set; } = AttemptPolicy.ManualLinkDefault.MaxDelay;

    /// <summary>Failures of a key are forgotten this long after its last attempt.</summary>
    public TimeSpan ForgetAfter { get; set; } = AttemptPolicy.ManualLinkDefault.ForgetAfter;

    /// <summary>How long the manual-linking and password-fallback forms stay valid after they were shown.</summary>
    public TimeSpan FormLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public AttemptPolicy ToPolicy() => new(FreeAttempts, BaseDelay, MaxDelay, ForgetAfter);
}

/// <summary>Start-up validation of <see cref="ManualLinkOptions"/>: every message names the key and the fix.</summary>
internal sealed class ManualLinkOptionsValidator : IValidateOptions<BrokerOptions>
{
    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        const string p = BrokerOptions.SectionName + ":ManualLink:";
        var o = options.ManualLink;
        var errors = new List<string>();
        if (o.FreeAttempts is < 1 or > 100)
        {
            errors.Add($"{p}FreeAttempts must be between 1 and 100 (default 3).");
        }

        foreach (var (value, key) in new[] { (o.BaseDelay, "BaseDelay"), (o.MaxDelay, "MaxDelay"), (o.ForgetAfter, "ForgetAfter"), (o.FormLifetime, "FormLifetime") })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{p}{key} must be a positive duration such as 00:00:30.");
            }
        }

        if (o.MaxDelay < o.BaseDelay)
        {
            errors.Add($"{p}MaxDelay must not be shorter than BaseDelay.");
        }

        if (o.ForgetAfter < o.MaxDelay)
        {
            errors.Add($"{p}ForgetAfter must not be shorter than MaxDelay (failures would be forgotten while still delayed).");
        }

        if (o.FormLifetime > TimeSpan.FromHours(1))
        {
            errors.Add($"{p}FormLifetime must be at most 01:00:00.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
