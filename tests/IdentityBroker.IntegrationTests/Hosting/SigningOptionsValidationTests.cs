using IdentityBroker.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityBroker.IntegrationTests.Hosting;

/// <summary><c>IdentityBroker:Signing</c> errors stop <c>BrokerApp.Create</c> naming the key, with the other configuration errors.</summary>
public sealed class SigningOptionsValidationTests
{
    [TestCase("Algorithm", "HS256", "IdentityBroker:Signing:Algorithm must be RS256 or ES256 (got 'HS256')")]
    [TestCase("RotationPeriod", "00:00:00", "IdentityBroker:Signing:RotationPeriod, PublishAhead and KeySetRefreshInterval must be positive")]
    [TestCase("PublishAhead", "100.00:00:00", "IdentityBroker:Signing:PublishAhead (100.00:00:00) must be shorter than RotationPeriod")]
    [TestCase("KeySetRefreshInterval", "1.12:00:00", "IdentityBroker:Signing:KeySetRefreshInterval must be at most half of PublishAhead")]
    public void Create_BadSigningValue_RefusedNamingTheKey(string key, string value, string expected)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => BrokerApp.Create([], b =>
        {
            b.Configuration.Sources.Clear();
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["IdentityBroker:Signing:" + key] = value });
        }));

        Assert.That(string.Join("\n", ex!.Failures), Does.Contain(expected));
    }

    [Test]
    public void Create_SigningDefaults_NotReported()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => BrokerApp.Create([], b => b.Configuration.Sources.Clear()));

        Assert.That(string.Join("\n", ex!.Failures), Does.Not.Contain("IdentityBroker:Signing:"));
    }
}
