using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Configuration;

/// <summary>
/// Start-up validation of <see cref="DirectorySyncOptions"/> (<c>IdentityBroker:DirectorySync</c>; nested in
/// <see cref="BrokerOptions"/>, so it validates <see cref="BrokerOptions"/>; registered and run by
/// <see cref="BrokerOptionsValidators"/>): the message names the key and the fix. A retention of zero would forget a batch
/// id at once, so a retried batch would be applied twice.
/// </summary>
internal sealed class DirectorySyncOptionsValidator : IValidateOptions<BrokerOptions>
{
    private const string P = BrokerOptions.SectionName + ":DirectorySync";

    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.DirectorySync is null || options.DirectorySync.BatchRetention <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail($"{P}:BatchRetention must be a positive duration: how long a directory sync batch id stays idempotent, e.g. 30.00:00:00 (the default, 30 days) (got {options.DirectorySync?.BatchRetention}).")
            : ValidateOptionsResult.Success;
    }
}
