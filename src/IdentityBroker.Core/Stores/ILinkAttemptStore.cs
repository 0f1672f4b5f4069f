namespace IdentityBroker.Core.Stores;

/// <summary>
/// Counts password attempts (manual linking R-MATCH-6, password fallback R-REGION-3) per key, with growing delays, in one
/// atomic SQL statement per attempt, so parallel requests cannot slip past a delay. Keys carry no personal data:
/// <c>account:{region}:{diaryAccountId}</c>, <c>person:{esiaSubjectHash}</c>, <c>login:{region}:{keyed hash of the login}</c>.
/// </summary>
public interface ILinkAttemptStore
{
    /// <summary>
    /// Registers an attempt BEFORE the password is checked. If the key is delayed at <paramref name="now"/>, nothing
    /// changes and the gate is closed. Otherwise the attempt is counted and the next one is delayed per
    /// <paramref name="policy"/> (a success then clears the key with <see cref="ClearAsync"/>).
    /// </summary>
    Task<AttemptGate> TryBeginAsync(string key, DateTimeOffset now, AttemptPolicy policy, CancellationToken cancellationToken);

    /// <summary>After a successful attempt: forgets the key's failures.</summary>
    Task ClearAsync(string key, CancellationToken cancellationToken);
}

/// <summary>Growing delays: the first <paramref name="FreeAttempts"/> attempts are not delayed; attempt n after that waits
/// <paramref name="BaseDelay"/> × 2^(n − FreeAttempts − 1), at most <paramref name="MaxDelay"/>. Failures are forgotten
/// <paramref name="ForgetAfter"/> after the last attempt.</summary>
public sealed record AttemptPolicy(int FreeAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan ForgetAfter)
{
    /// <summary>R-MATCH-6 default: 3 free attempts, then 30 s, 1 min, 2 min … up to 1 h; forgotten after a day.</summary>
    public static AttemptPolicy ManualLinkDefault { get; } = new(3, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), TimeSpan.FromDays(1));

    /// <summary>The delay that follows attempt number <paramref name="attempts"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempts)
    {
        if (attempts < FreeAttempts)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Min(30, attempts - FreeAttempts);
        var delay = BaseDelay.TotalSeconds * Math.Pow(2, exponent);
        return delay >= MaxDelay.TotalSeconds ? MaxDelay : TimeSpan.FromSeconds(delay);
    }
}

/// <param name="Allowed">False: the key is delayed; do not check the password.</param>
/// <param name="Attempts">Attempts counted so far, this one included when allowed.</param>
/// <param name="RetryAt">When the next attempt is allowed (null: at once).</param>
public sealed record AttemptGate(bool Allowed, int Attempts, DateTimeOffset? RetryAt);
