using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Configuration;

/// <summary>
/// Start-up validation of <see cref="ManualLinkOptions"/> (<c>IdentityBroker:ManualLink</c>, R-MATCH-6, R-REGION-3; nested
/// in <see cref="BrokerOptions"/>, so it validates <see cref="BrokerOptions"/>; registered and run by
/// <see cref="BrokerOptionsValidators"/>): each message names the key and the fix.
/// </summary>
internal sealed class ManualLinkOptionsValidator : IValidateOptions<BrokerOptions>
{
    private const string P = BrokerOptions.SectionName + ":ManualLink";

    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.ManualLink;
        if (o is null)
        {
            return ValidateOptionsResult.Fail($"{P} is empty: remove the empty section to use the defaults.");
        }

        var errors = new List<string>();
        if (o.FreeAttempts is < 1 or > 100)
        {
            errors.Add($"{P}:FreeAttempts must be between 1 and 100 (default 3; got {o.FreeAttempts}).");
        }

        foreach (var (value, key) in new[] { (o.BaseDelay, "BaseDelay"), (o.MaxDelay, "MaxDelay"), (o.ForgetAfter, "ForgetAfter"), (o.FormLifetime, "FormLifetime") })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{P}:{key} must be a positive duration such as 00:00:30 (got {value}).");
            }
        }

        if (o.MaxDelay < o.BaseDelay)
        {
            errors.Add($"{P}:MaxDelay ({o.MaxDelay}) must not be shorter than {P}:BaseDelay ({o.BaseDelay}): raise MaxDelay or lower BaseDelay.");
        }

        if (o.ForgetAfter < o.MaxDelay)
        {
            errors.Add($"{P}:ForgetAfter ({o.ForgetAfter}) must not be shorter than {P}:MaxDelay ({o.MaxDelay}): failures would be forgotten while still delayed.");
        }

        if (o.FormLifetime > TimeSpan.FromHours(1))
        {
            errors.Add($"{P}:FormLifetime must be at most 01:00:00 (default 00:15:00; got {o.FormLifetime}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
