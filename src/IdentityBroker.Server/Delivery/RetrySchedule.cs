namespace IdentityBroker.Server.Delivery;

/// <summary>
/// When to try a failed delivery again: exponential backoff 1 s, 2 s, 4 s … capped at <c>maxBackoff</c>, with ±20 % jitter so
/// that the messages of one outage do not all come back at the same instant; null (give up) once the message is older than
/// <c>giveUpAfter</c>.
/// </summary>
internal static class RetrySchedule
{
    public static DateTimeOffset? NextAttempt(int failedAttempts, DateTimeOffset createdAt, DateTimeOffset now, TimeSpan maxBackoff, TimeSpan giveUpAfter)
    {
        if (now - createdAt >= giveUpAfter)
        {
            return null;
        }

        return now + Delay(failedAttempts, maxBackoff);
    }

    /// <param name="failedAttempts">1 after the first failure.</param>
    public static TimeSpan Delay(int failedAttempts, TimeSpan maxBackoff)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var seconds = Math.Min(Math.Pow(2, exponent), maxBackoff.TotalSeconds);
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromSeconds(Math.Min(seconds * jitter, maxBackoff.TotalSeconds));
    }
}
