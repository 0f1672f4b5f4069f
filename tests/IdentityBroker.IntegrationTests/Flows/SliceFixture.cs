using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Flows;

/// <summary>One running slice (emulator, broker, demo client, PostgreSQL) shared by the tests of a fixture.</summary>
public abstract class SliceFixture
{
    internal SliceEnvironment Slice { get; private set; } = null!;

    protected virtual int BrokerReplicas => 1;

    /// <summary>Extra broker configuration for this fixture (e.g. short key rotation periods).</summary>
    protected virtual IReadOnlyDictionary<string, string?>? BrokerSettings => null;

    [OneTimeSetUp]
    public async Task StartSliceAsync() => Slice = await SliceEnvironment.StartAsync(BrokerReplicas, brokerSettings: BrokerSettings);

    [OneTimeTearDown]
    public async Task StopSliceAsync()
    {
        if (Slice is not null)
        {
            await Slice.DisposeAsync();
        }
    }
}
