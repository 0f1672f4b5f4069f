using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Configuration;

/// <summary>
/// Start-up validation of <see cref="DataConsentOptions"/> (<c>IdentityBroker:DataConsent</c>, R-CONSENT-1; nested in
/// <see cref="BrokerOptions"/>, so it validates <see cref="BrokerOptions"/>; registered and run by
/// <see cref="BrokerOptionsValidators"/>): each message names the key and the fix.
/// </summary>
internal sealed class DataConsentOptionsValidator : IValidateOptions<BrokerOptions>
{
    /// <summary>The stored version column is text; this keeps the version a short label an operator can read in the audit.</summary>
    public const int MaxVersionLength = 64;

    /// <summary>The name of the operator of personal data is shown in the consent text; longer is not a name.</summary>
    public const int MaxOperatorLength = 300;

    private const string P = BrokerOptions.SectionName + ":DataConsent";

    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.DataConsent;
        if (o is null)
        {
            return ValidateOptionsResult.Fail($"{P} is empty: remove the empty section to use the built-in consent text.");
        }

        var errors = new List<string>();
        if (o.Version is { } version && !string.IsNullOrEmpty(version) &&
            (version.Length > MaxVersionLength || version.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
        {
            errors.Add($"{P}:Version must be a short label without spaces (at most {MaxVersionLength} characters), e.g. 2027-01; got {version.Length} characters.");
        }

        if (o.Operator is { Length: > MaxOperatorLength })
        {
            errors.Add($"{P}:Operator must be at most {MaxOperatorLength} characters (the name of the operator of personal data); got {o.Operator.Length}.");
        }

        if (!string.IsNullOrEmpty(o.Version) && o.PublishedOn is null)
        {
            errors.Add($"{P}:PublishedOn is required with {P}:Version: the date the new version was published, e.g. 2027-01-15.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
