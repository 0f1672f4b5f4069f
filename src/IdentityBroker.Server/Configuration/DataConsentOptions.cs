using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Configuration;

/// <summary>
/// R-CONSENT-1: <c>IdentityBroker:DataConsent</c>, how an operator publishes a new version of the consent text without a
/// release. Every person is asked again at their next sign-in through ESIA when <see cref="Version"/> changes
/// (docs/consent.md). Change <see cref="Version"/> whenever any setting that changes the text shown changes.
/// </summary>
public sealed class DataConsentOptions
{
    /// <summary>The version of the consent text in force; empty means the built-in one (<c>Interaction.Consent.DataConsentText.BuiltInVersion</c>).</summary>
    public string? Version { get; set; }

    /// <summary>The date the version in force was published, shown with the text; empty means the built-in date.</summary>
    public DateOnly? PublishedOn { get; set; }

    /// <summary>Who processes the data (the operator of personal data), e.g. «Министерство образования Иркутской области»;
    /// empty means the generic wording.</summary>
    public string? Operator { get; set; }
}

/// <summary>Start-up validation of <see cref="DataConsentOptions"/> (each message names the key and the fix).</summary>
internal sealed class DataConsentOptionsValidator : IValidateOptions<BrokerOptions>
{
    /// <summary>The stored version column is text; this keeps the version a short label an operator can read in the audit.</summary>
    public const int MaxVersionLength = 64;

    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        const string p = BrokerOptions.SectionName + ":DataConsent:";
        var o = options.DataConsent;
        var errors = new List<string>();
        if (o.Version is { } version && !string.IsNullOrEmpty(version) &&
            (version.Length > MaxVersionLength || version.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
        {
            errors.Add($"{p}Version must be a short label without spaces (at most {MaxVersionLength} characters), e.g. 2027-01; got {version.Length} characters.");
        }

        if (o.Operator is { Length: > 300 })
        {
            errors.Add($"{p}Operator must be at most 300 characters (the name of the operator of personal data).");
        }

        if (!string.IsNullOrEmpty(o.Version) && o.PublishedOn is null)
        {
            errors.Add($"{p}PublishedOn is required with {p}Version: the date the new version was published, e.g. 2027-01-15.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
