using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Tests.Configuration;

/// <summary>
/// <see cref="BrokerOptionsValidators"/>: every section of <c>IdentityBroker:*</c> is checked both before the host is built
/// (<see cref="BrokerConfiguration.LoadValidated"/>, all errors at once) and at start-up, each validator registered once.
/// </summary>
public sealed class BrokerOptionsValidatorsTests
{
    [Test]
    public void LoadValidated_BadNestedSections_ReportsEachWithTheRootErrors()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["IdentityBroker:Logout:BackChannelPollInterval"] = "00:00:00",
            ["IdentityBroker:ManualLink:FreeAttempts"] = "0",
            ["IdentityBroker:DataConsent:Version"] = "2027-01",
            ["IdentityBroker:Audit:RetentionPeriod"] = "00:00:00",
            ["IdentityBroker:DirectorySync:BatchRetention"] = "00:00:00",
        }).Build();

        var ex = Assert.Throws<OptionsValidationException>(() => BrokerConfiguration.LoadValidated(configuration));

        Assert.That(ex!.Failures, Has.Some.StartsWith("IdentityBroker:Issuer")
            .And.Some.StartsWith("IdentityBroker:Logout:BackChannelPollInterval")
            .And.Some.StartsWith("IdentityBroker:ManualLink:FreeAttempts")
            .And.Some.StartsWith("IdentityBroker:DataConsent:PublishedOn")
            .And.Some.StartsWith("IdentityBroker:Audit:RetentionPeriod")
            .And.Some.StartsWith("IdentityBroker:DirectorySync:BatchRetention")
            .And.Some.StartsWith("ConnectionStrings:Broker"));
    }

    [TestCase("IdentityBroker:ManualLink:FreeAttempts", "lots")]
    [TestCase("IdentityBroker:Logout:BackChannelPollInterval", "two seconds")]
    [TestCase("IdentityBroker:Signing:RotationPeriod", "90 days")]
    [TestCase("IdentityBroker:RateLimits:Enabled", "yes")]
    public void LoadValidated_ValueThatDoesNotConvert_NamesTheKeyAndTheFormat_NotAStackTrace(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var ex = Assert.Throws<OptionsValidationException>(() => BrokerConfiguration.LoadValidated(configuration));

        var named = ex!.Failures.Where(f => f.Contains($"'{key}'", StringComparison.Ordinal)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(named, Has.Count.EqualTo(1).And.All.Contains("Write it as its type needs"));
            Assert.That(ex.Failures, Has.Some.StartsWith("ConnectionStrings:Broker"), "the other errors are still listed");
        }
    }

    [Test]
    public void LoadValidated_BadRateLimit_ReportedBeforeTheHostIsBuilt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["IdentityBroker:RateLimits:PerIpBurst"] = "0" }).Build();

        var ex = Assert.Throws<OptionsValidationException>(() => BrokerConfiguration.LoadValidated(configuration));

        Assert.That(ex!.Failures, Has.Some.StartsWith("IdentityBroker:RateLimits:PerIpBurst must be at least 1"));
    }

    [Test]
    public void Add_ValidatorAlreadyRegisteredByAFeature_RegisteredOnce()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IValidateOptions<BrokerOptions>, DataConsentOptionsValidator>(); // as Consent/DataConsentServices does today

        BrokerOptionsValidators.Add(services);
        BrokerOptionsValidators.Add(services);

        var types = services.Where(d => d.ServiceType == typeof(IValidateOptions<BrokerOptions>))
            .Select(d => d.ImplementationType ?? d.ImplementationInstance!.GetType()).ToList();
        Assert.That(types, Is.Unique.And.EquivalentTo(BrokerOptionsValidators.All.Select(v => v.GetType())));
    }
}
