namespace IdentityBroker.Testing;

/// <summary>
/// The one settable clock of the test projects (Microsoft.Extensions.TimeProvider.Testing is not on the package feed).
/// Only the wall clock (<see cref="GetUtcNow"/>) is settable: that is what every expiry in the broker, the emulator and the
/// demo client is computed from. Timers, <see cref="TimeProvider.GetTimestamp"/> and the local time zone stay real, so
/// background loops keep running and durations stay measurable. Thread-safe: a test moves it while a host reads it.
/// </summary>
public sealed class SettableClock : TimeProvider
{
    private long _utcTicks;

    /// <param name="start">The starting instant; the real current time when omitted.</param>
    public SettableClock(DateTimeOffset? start = null) => _utcTicks = (start ?? TimeProvider.System.GetUtcNow()).UtcTicks;

    /// <summary>The clock's current instant (UTC); settable to any instant, also backwards.</summary>
    public DateTimeOffset UtcNow
    {
        get => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _utcTicks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => UtcNow;

    /// <summary>Moves the clock by <paramref name="by"/> (negative to go back).</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
