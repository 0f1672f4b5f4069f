using IdentityBroker.Server.Configuration;

namespace IdentityBroker.Server.Tests.Configuration;

/// <summary><see cref="DataConsentOptionsValidator"/>: <c>IdentityBroker:DataConsent</c> (R-CONSENT-1) at start-up.</summary>
public sealed class DataConsentOptionsValidatorTests
{
    private const string Section = "IdentityBroker:DataConsent";

    [Test]
    public void Validate_Defaults_Succeed()
    {
        Assert.That(new DataConsentOptionsValidator().Validate(null, new BrokerOptions()).Succeeded, Is.True);
    }

    [Test]
    public void StartupValidation_NewVersionWithDate_AcceptedAndBound()
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{Section}:Version"] = "2027-01",
            [$"{Section}:PublishedOn"] = "2027-01-15",
            [$"{Section}:Operator"] = "Министерство образования Иркутской области",
        };

        Assert.That(BrokerOptionsSections.StartupFailures(settings), Is.Empty);
        var bound = BrokerOptionsSections.Bound(settings).DataConsent;
        Assert.That((bound.Version, bound.PublishedOn), Is.EqualTo(("2027-01", (DateOnly?)new DateOnly(2027, 1, 15))));
    }

    [TestCase("Version", "2027 01", "Version must be a short label without spaces")]
    [TestCase("Operator", null, "Operator must be at most 300 characters")]
    public void StartupValidation_BadValue_FailsNamingTheKeyAndTheFix(string key, string? value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{Section}:PublishedOn"] = "2027-01-15",
            [$"{Section}:{key}"] = value ?? new string('М', DataConsentOptionsValidator.MaxOperatorLength + 1),
        };

        var failures = BrokerOptionsSections.StartupFailures(settings);

        Assert.That(failures, Has.Some.StartsWith($"{Section}:{expected}"));
    }

    [Test]
    public void StartupValidation_VersionTooLong_FailsNamingTheKey()
    {
        var failures = BrokerOptionsSections.StartupFailures(new()
        {
            [$"{Section}:Version"] = new string('v', DataConsentOptionsValidator.MaxVersionLength + 1),
            [$"{Section}:PublishedOn"] = "2027-01-15",
        });

        Assert.That(failures, Has.Some.StartsWith($"{Section}:Version must be a short label without spaces (at most 64 characters)"));
    }

    [Test]
    public void StartupValidation_VersionWithoutDate_FailsNamingBothKeys()
    {
        var failures = BrokerOptionsSections.StartupFailures(new() { [$"{Section}:Version"] = "2027-01" });

        Assert.That(failures, Is.EqualTo(new[] { $"{Section}:PublishedOn is required with {Section}:Version: the date the new version was published, e.g. 2027-01-15." }));
    }
}
