using IdentityBroker.Server.Configuration;

namespace IdentityBroker.Server.Tests.Configuration;

/// <summary><see cref="ManualLinkOptionsValidator"/>: <c>IdentityBroker:ManualLink</c> (R-MATCH-6, R-REGION-3) at start-up.</summary>
public sealed class ManualLinkOptionsValidatorTests
{
    private const string Section = "IdentityBroker:ManualLink";

    [Test]
    public void Validate_Defaults_Succeed()
    {
        Assert.That(new ManualLinkOptionsValidator().Validate(null, new BrokerOptions()).Succeeded, Is.True);
    }

    [Test]
    public void StartupValidation_GoodValues_AcceptedAndBound()
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{Section}:FreeAttempts"] = "5",
            [$"{Section}:BaseDelay"] = "00:01:00",
            [$"{Section}:MaxDelay"] = "02:00:00",
            [$"{Section}:ForgetAfter"] = "2.00:00:00",
            [$"{Section}:FormLifetime"] = "01:00:00",
        };

        Assert.That(BrokerOptionsSections.StartupFailures(settings), Is.Empty);
        var bound = BrokerOptionsSections.Bound(settings).ManualLink;
        Assert.That((bound.FreeAttempts, bound.MaxDelay, bound.FormLifetime), Is.EqualTo((5, TimeSpan.FromHours(2), TimeSpan.FromHours(1))));
    }

    [TestCase("FreeAttempts", "0", "FreeAttempts must be between 1 and 100")]
    [TestCase("FreeAttempts", "101", "FreeAttempts must be between 1 and 100")]
    [TestCase("BaseDelay", "00:00:00", "BaseDelay must be a positive duration")]
    [TestCase("FormLifetime", "-00:01:00", "FormLifetime must be a positive duration")]
    [TestCase("FormLifetime", "01:00:01", "FormLifetime must be at most 01:00:00")]
    [TestCase("MaxDelay", "00:00:10", "MaxDelay (00:00:10) must not be shorter than IdentityBroker:ManualLink:BaseDelay (00:00:30): raise MaxDelay or lower BaseDelay")]
    [TestCase("ForgetAfter", "00:30:00", "ForgetAfter (00:30:00) must not be shorter than IdentityBroker:ManualLink:MaxDelay (01:00:00)")]
    public void StartupValidation_BadValue_FailsNamingTheKeyAndTheFix(string key, string value, string expected)
    {
        var failures = BrokerOptionsSections.StartupFailures(new() { [$"{Section}:{key}"] = value });

        Assert.That(failures, Has.Some.StartsWith($"{Section}:{expected}"));
    }
}
