using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdentityBroker.IntegrationTests.Hosting;

/// <summary>
/// In the running broker, every validator of <c>IdentityBroker:*</c> (<see cref="BrokerOptionsValidators.All"/>) is
/// registered exactly once, and no other is: a second registration would print each failure twice, a missing one would
/// let ValidateOnStart miss a section that <c>BrokerConfiguration.LoadValidated</c> checks.
/// </summary>
[CancelAfter(120_000)]
public sealed class BrokerOptionsRegistrationTests
{
    private SliceEnvironment _slice = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _slice = await SliceEnvironment.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _slice.DisposeAsync();

    [Test]
    public void BrokerServices_EachBrokerOptionsValidator_RegisteredOnce()
    {
        var registered = _slice.BrokerServices.GetServices<IValidateOptions<BrokerOptions>>().Select(v => v.GetType()).ToList();

        Assert.That(registered, Is.Unique.And.EquivalentTo(BrokerOptionsValidators.All.Select(v => v.GetType())));
    }
}
