namespace IdentityBroker.Core.Consent;

/// <summary>
/// R-CONSENT-1: the person's consent to the data passed to the diary is asked once per ESIA person, region and version of
/// the text in force, whichever client and diary account they sign in with; a new version asks again.
/// </summary>
public static class DataConsentPolicy
{
    /// <param name="activeVersion">The text version of the person's active consent in the region; null when none.</param>
    /// <param name="versionInForce">The version of the text in force.</param>
    public static bool MustAsk(string? activeVersion, string versionInForce) =>
        activeVersion is null || !string.Equals(activeVersion, versionInForce, StringComparison.Ordinal);

    /// <summary>The person consented to an earlier version: the page says the text changed.</summary>
    public static bool IsNewVersion(string? activeVersion, string versionInForce) =>
        activeVersion is not null && MustAsk(activeVersion, versionInForce);
}
