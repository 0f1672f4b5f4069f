using IdentityBroker.Core.Stores;

namespace IdentityBroker.Server.Configuration;

/// <summary>
/// The section <c>IdentityBroker:ManualLink</c>: the attempt limiter of manual linking by diary password (R-MATCH-6) and
/// of the password fallback while ESIA is down (R-REGION-3). Defaults are <see cref="AttemptPolicy.ManualLinkDefault"/>:
/// 3 free attempts, then 30 s, 1 min, 2 min … up to 1 h; forgotten a day after the last attempt.
/// </summary>
public sealed class ManualLinkOptions
{
    /// <summary>Attempts per key (diary account, ESIA person, typed login) before the growing delays start.</summary>
    public int FreeAttempts { get; set; } = AttemptPolicy.ManualLinkDefault.FreeAttempts;

    /// <summary>The first delay; each further attempt doubles it.</summary>
    public TimeSpan BaseDelay { get; set; } = AttemptPolicy.ManualLinkDefault.BaseDelay;

    /// <summary>The longest delay.</summary>
    public TimeSpan MaxDelay { get; set; } = AttemptPolicy.ManualLinkDefault.MaxDelay;

    /// <summary>Failures of a key are forgotten this long after its last attempt.</summary>
    public TimeSpan ForgetAfter { get; set; } = AttemptPolicy.ManualLinkDefault.ForgetAfter;

    /// <summary>How long the manual-linking and password-fallback forms stay valid after they were shown.</summary>
    public TimeSpan FormLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public AttemptPolicy ToPolicy() => new(FreeAttempts, BaseDelay, MaxDelay, ForgetAfter);
}
