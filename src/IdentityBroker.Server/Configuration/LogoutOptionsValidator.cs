using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Configuration;

/// <summary>
/// Start-up validation of <see cref="LogoutOptions"/> (<c>IdentityBroker:Logout</c>, nested in <see cref="BrokerOptions"/>,
/// so it validates <see cref="BrokerOptions"/>; registered and run by <see cref="BrokerOptionsValidators"/>): each message
/// names the key and the fix. A zero poll interval would spin the outbox dispatcher; a zero timeout or give-up would fail
/// every back-channel logout delivery at once.
/// </summary>
internal sealed class LogoutOptionsValidator : IValidateOptions<BrokerOptions>
{
    private const string P = BrokerOptions.SectionName + ":Logout";

    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Logout;
        if (o is null)
        {
            return ValidateOptionsResult.Fail($"{P} is empty: remove the empty section to use the defaults.");
        }

        var errors = new List<string>();
        foreach (var (value, key) in new[]
                 {
                     (o.BackChannelPollInterval, "BackChannelPollInterval"), (o.BackChannelAttemptTimeout, "BackChannelAttemptTimeout"),
                     (o.BackChannelMaxBackoff, "BackChannelMaxBackoff"), (o.BackChannelGiveUpAfter, "BackChannelGiveUpAfter"),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{P}:{key} must be a positive duration such as 00:00:02 (got {value}).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
