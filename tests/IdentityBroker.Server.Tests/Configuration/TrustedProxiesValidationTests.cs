using IdentityBroker.Server.Configuration;

namespace IdentityBroker.Server.Tests.Configuration;

/// <summary>
/// <c>IdentityBroker:TrustedProxies</c> (<see cref="BrokerOptions.TrustedProxies"/>, checked by
/// <see cref="BrokerOptionsValidator"/>): a malformed entry stopped start-up with IPAddress.Parse's FormatException and a
/// stack trace when the pipeline was built; it is now a start-up error naming the entry.
/// </summary>
public sealed class TrustedProxiesValidationTests
{
    [Test]
    public void StartupValidation_AddressesAndNetworks_AcceptedAndBound()
    {
        var settings = new Dictionary<string, string?>
        {
            ["IdentityBroker:TrustedProxies:0"] = "10.42.0.0/16",
            ["IdentityBroker:TrustedProxies:1"] = "192.168.1.10",
            ["IdentityBroker:TrustedProxies:2"] = "fd00::/8",
        };

        Assert.That(BrokerOptionsSections.StartupFailures(settings), Is.Empty);
        Assert.That(BrokerOptionsSections.Bound(settings).TrustedProxies, Is.EqualTo(new[] { "10.42.0.0/16", "192.168.1.10", "fd00::/8" }));
    }

    [TestCase("10.42.0.0/33")]
    [TestCase("ingress-nginx")]
    [TestCase("10.42.0.0/16,10.43.0.0/16")]
    public void StartupValidation_Malformed_FailsNamingTheEntryAndTheFix(string value)
    {
        var failures = BrokerOptionsSections.StartupFailures(new() { ["IdentityBroker:TrustedProxies:0"] = "10.0.0.1", ["IdentityBroker:TrustedProxies:1"] = value });

        Assert.That(failures, Is.EqualTo(new[]
        {
            $"IdentityBroker:TrustedProxies:1 must be an IP address or a CIDR network such as 10.42.0.0/16 (got '{value}'): the ingress controller's addresses, whose X-Forwarded-* headers are believed.",
        }));
    }
}
