using System.Diagnostics;

namespace IdentityBroker.Testing;

/// <summary>
/// Waiting for asynchronous work (an outbox delivery, a background retry) by polling a condition with a timeout, never by
/// sleeping a fixed time: the test goes on as soon as the work is done and fails with a message when it never is.
/// Time that only has to pass for an expiry is not waited for at all: move a <see cref="SettableClock"/> instead.
/// </summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every <paramref name="interval"/> (100 ms) until it holds; false after <paramref name="timeout"/>.</summary>
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? interval = null)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await condition().ConfigureAwait(false))
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                return false;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
        }

        return true;
    }
}
