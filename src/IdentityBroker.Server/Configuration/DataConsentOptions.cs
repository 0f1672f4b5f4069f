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
