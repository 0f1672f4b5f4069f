using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Configuration;

/// <summary>
/// Start-up validation of <see cref="DirectorySyncOptions"/> (<c>IdentityBroker:DirectorySync</c>; nested in
/// <see cref="BrokerOptions"/>, so it validates <see cref="BrokerOptions"/>; registered and run by
/// <see cref="BrokerOptionsValidators"/>): each message names the key and the fix. A retention of zero would forget a batch
/// id at once, so a retried batch would be applied twice; the batch limits bound what one request may make the broker hold.
/// </summary>
internal sealed class DirectorySyncOptionsValidator : IValidateOptions<BrokerOptions>
{
    private const string P = BrokerOptions.SectionName + ":DirectorySync";

    public const int MaxBatchRowsLimit = 1_000_000;

    public const long MinBatchBytes = 1024;

    public const long MaxBatchBytesLimit = 1L << 30;

    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.DirectorySync;
        if (o is null)
        {
            return ValidateOptionsResult.Fail($"{P} is empty: remove the empty section to use the defaults.");
        }

        var errors = new List<string>();
        if (o.BatchRetention <= TimeSpan.Zero)
        {
            errors.Add($"{P}:BatchRetention must be a positive duration: how long a directory sync batch id stays idempotent, e.g. 30.00:00:00 (the default, 30 days) (got {o.BatchRetention}).");
        }

        if (o.MaxBatchRows is < 1 or > MaxBatchRowsLimit)
        {
            errors.Add($"{P}:MaxBatchRows must be a whole number from 1 to {MaxBatchRowsLimit} (got {o.MaxBatchRows}); remove it for the default {DirectorySyncOptions.DefaultMaxBatchRows}.");
        }

        if (o.MaxBatchBytes is < MinBatchBytes or > MaxBatchBytesLimit)
        {
            errors.Add($"{P}:MaxBatchBytes must be a whole number from {MinBatchBytes} to {MaxBatchBytesLimit} (got {o.MaxBatchBytes}); remove it for the default {DirectorySyncOptions.DefaultMaxBatchBytes}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
