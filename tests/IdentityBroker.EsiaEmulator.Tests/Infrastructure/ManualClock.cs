namespace IdentityBroker.EsiaEmulator.Tests.Infrastructure;

/// <summary>A clock the test moves by hand (Microsoft.Extensions.TimeProvider.Testing is not on the package feed).</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
