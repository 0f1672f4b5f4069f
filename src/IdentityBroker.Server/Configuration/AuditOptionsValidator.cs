using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Configuration;

/// <summary>
/// Start-up validation of <see cref="AuditOptions"/> (<c>IdentityBroker:Audit</c>; nested in <see cref="BrokerOptions"/>,
/// so it validates <see cref="BrokerOptions"/>; registered and run by <see cref="BrokerOptionsValidators"/>): the message
/// names the key and the fix. A retention of zero would let the cleanup delete every audit record.
/// </summary>
internal sealed class AuditOptionsValidator : IValidateOptions<BrokerOptions>
{
    private const string P = BrokerOptions.SectionName + ":Audit";

    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Audit is null || options.Audit.RetentionPeriod <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail($"{P}:RetentionPeriod must be a positive duration: how long audit records are kept, e.g. 365.00:00:00 (the default, one year) (got {options.Audit?.RetentionPeriod}).")
            : ValidateOptionsResult.Success;
    }
}
