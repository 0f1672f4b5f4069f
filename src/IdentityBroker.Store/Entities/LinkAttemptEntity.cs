namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.link_attempts</c>: password attempts counted per key (R-MATCH-6, R-REGION-3). The key holds
/// no personal data (see the Core <c>ILinkAttemptStore</c>).</summary>
public sealed class LinkAttemptEntity
{
    public string Key { get; set; } = "";

    /// <summary>Attempts since the key was last cleared or forgotten.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset LastAttemptAt { get; set; }

    /// <summary>The next attempt is refused before this instant.</summary>
    public DateTimeOffset RetryAt { get; set; }
}
