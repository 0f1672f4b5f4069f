namespace IdentityBroker.IntegrationTests.Logout;

/// <summary>
/// For the fixtures of this namespace only: the brokers poll the outbox every 200 ms instead of every 2 s, so back-channel
/// deliveries and retries show up quickly. Set through the environment, which every broker's configuration reads.
/// </summary>
[SetUpFixture]
public sealed class LogoutTestSetup
{
    internal const string PollIntervalVariable = "IdentityBroker__Logout__BackChannelPollInterval";

    [OneTimeSetUp]
    public void FastOutboxPolling() => Environment.SetEnvironmentVariable(PollIntervalVariable, "00:00:00.200");

    [OneTimeTearDown]
    public void DefaultOutboxPolling() => Environment.SetEnvironmentVariable(PollIntervalVariable, null);
}
