namespace IdentityBroker.Server.Configuration;

/// <summary>The section <c>IdentityBroker:Logout</c>: upstream ESIA logout and back-channel logout delivery.</summary>
public sealed class LogoutOptions
{
    /// <summary>Send the browser to ESIA's <c>/idp/ext/Logout</c> after a broker session ends (ESIA.md §5: the MR requires it).</summary>
    public bool UpstreamEsiaLogout { get; set; } = true;

    /// <summary>Region codes for which upstream ESIA logout is switched off (e.g. a region whose ESIA siteUrl is not set yet).</summary>
    public List<string> UpstreamEsiaLogoutDisabledRegions { get; set; } = [];

    /// <summary>How often each replica looks for due back-channel logout messages in the outbox.</summary>
    public TimeSpan BackChannelPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Per-attempt timeout of a back-channel POST.</summary>
    public TimeSpan BackChannelAttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest pause between two attempts (the pause doubles from 1 s up to this).</summary>
    public TimeSpan BackChannelMaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After this long without a 2xx answer a message is given up (kept in the outbox as failed, for operators).</summary>
    public TimeSpan BackChannelGiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    public bool UpstreamEsiaLogoutFor(string regionCode) =>
        UpstreamEsiaLogout && !UpstreamEsiaLogoutDisabledRegions.Contains(regionCode, StringComparer.Ordinal);
}
