namespace IdentityBroker.Testing;

/// <summary>
/// The one settable clock of the test projects (Microsoft.Extensions.TimeProvider.Testing is not on the package feed).
/// Only the wall clock (<see cref="GetUtcNow"/>) is settable: that is what every expiry in the broker, the emulator and the
/// demo client is computed from. Timers, <see cref="TimeProvider.GetTimestamp"/> and the local time zone stay real, so
/// background loops keep running and durations stay measurable. Thread-safe: a test moves it while a host reads it.
/// <list type="bullet">
/// <item><c>new SettableClock(start)</c> stands still at <c>start</c> until the test moves it (unit tests: exact times);</item>
/// <item><see cref="Running"/> follows the real clock, and <see cref="Advance"/> jumps it ahead (a whole host: its
/// background work keeps seeing time pass, and a test skips an expiry window instead of sleeping through it).</item>
/// </list>
/// </summary>
public sealed class SettableClock : TimeProvider
{
    private readonly bool _running;

    /// <summary>Stopped: the instant. Running: the offset from the real clock.</summary>
    private long _ticks;

    /// <param name="start">The starting instant; the real current time when omitted. The clock stands still there.</param>
    public SettableClock(DateTimeOffset? start = null) => _ticks = (start ?? TimeProvider.System.GetUtcNow()).UtcTicks;

    private SettableClock(bool running) => _running = running;

    /// <summary>A clock that runs with the real one until <see cref="Advance"/> or <see cref="UtcNow"/> moves it.</summary>
    public static SettableClock Running() => new(running: true);

    /// <summary>The clock's current instant (UTC); settable to any instant, also backwards.</summary>
    public DateTimeOffset UtcNow
    {
        get => new(Interlocked.Read(ref _ticks) + (_running ? TimeProvider.System.GetUtcNow().UtcTicks : 0), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks - (_running ? TimeProvider.System.GetUtcNow().UtcTicks : 0));
    }

    public override DateTimeOffset GetUtcNow() => UtcNow;

    /// <summary>Moves the clock by <paramref name="by"/> (negative to go back).</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
