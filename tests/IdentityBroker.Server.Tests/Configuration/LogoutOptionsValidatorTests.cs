using IdentityBroker.Server.Configuration;

namespace IdentityBroker.Server.Tests.Configuration;

/// <summary><see cref="LogoutOptionsValidator"/>: <c>IdentityBroker:Logout</c> at start-up, each bad value named with its fix.</summary>
public sealed class LogoutOptionsValidatorTests
{
    private const string Section = "IdentityBroker:Logout";

    [Test]
    public void Validate_Defaults_Succeed()
    {
        Assert.That(new LogoutOptionsValidator().Validate(null, new BrokerOptions()).Succeeded, Is.True);
    }

    [Test]
    public void StartupValidation_GoodValues_AcceptedAndBound()
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{Section}:BackChannelPollInterval"] = "00:00:00.200",
            [$"{Section}:BackChannelAttemptTimeout"] = "00:00:03",
            [$"{Section}:BackChannelMaxBackoff"] = "00:10:00",
            [$"{Section}:BackChannelGiveUpAfter"] = "2.00:00:00",
            [$"{Section}:UpstreamEsiaLogoutDisabledRegions:0"] = "38",
        };

        Assert.That(BrokerOptionsSections.StartupFailures(settings), Is.Empty);
        var bound = BrokerOptionsSections.Bound(settings).Logout;
        Assert.That((bound.BackChannelPollInterval, bound.BackChannelGiveUpAfter, bound.UpstreamEsiaLogoutFor("38")),
            Is.EqualTo((TimeSpan.FromMilliseconds(200), TimeSpan.FromDays(2), false)));
    }

    [TestCase("BackChannelPollInterval", "00:00:00")]
    [TestCase("BackChannelAttemptTimeout", "-00:00:01")]
    [TestCase("BackChannelMaxBackoff", "00:00:00")]
    [TestCase("BackChannelGiveUpAfter", "00:00:00")]
    public void StartupValidation_NotPositive_FailsNamingTheKeyAndTheFix(string key, string value)
    {
        var failures = BrokerOptionsSections.StartupFailures(new() { [$"{Section}:{key}"] = value });

        Assert.That(failures, Is.EqualTo(new[] { $"{Section}:{key} must be a positive duration such as 00:00:02 (got {TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)})." }));
    }
}
