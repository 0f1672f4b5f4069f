namespace IdentityBroker.Server.Configuration;

/// <summary>Token-signing keys and their rotation (section <c>IdentityBroker:Signing</c>).</summary>
public sealed class SigningOptions
{
    public const string SectionName = "IdentityBroker:Signing";

    /// <summary>"RS256" (default: every OIDC client supports it) or "ES256".</summary>
    public string Algorithm { get; set; } = "RS256";

    /// <summary>How long a key signs before its successor takes over.</summary>
    public TimeSpan RotationPeriod { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// A new key is published in the JWKS this long before it starts signing, so every relying party's cached JWKS
    /// already has it (conformance oidcc-server-rotate-keys). Longer than any client's JWKS cache.
    /// </summary>
    public TimeSpan PublishAhead { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often each replica re-reads the key set from PostgreSQL and checks whether to rotate.</summary>
    public TimeSpan KeySetRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<string> Validate()
    {
        const string p = SectionName;
        if (Algorithm is not ("RS256" or "ES256"))
        {
            yield return $"{p}:Algorithm must be RS256 or ES256 (got '{Algorithm}').";
        }

        if (RotationPeriod <= TimeSpan.Zero || PublishAhead <= TimeSpan.Zero || KeySetRefreshInterval <= TimeSpan.Zero)
        {
            yield return $"{p}:RotationPeriod, PublishAhead and KeySetRefreshInterval must be positive durations.";
        }
        else if (PublishAhead >= RotationPeriod)
        {
            yield return $"{p}:PublishAhead ({PublishAhead}) must be shorter than RotationPeriod ({RotationPeriod}).";
        }
        else if (KeySetRefreshInterval * 2 > PublishAhead)
        {
            yield return $"{p}:KeySetRefreshInterval must be at most half of PublishAhead, so every replica sees a new key before it signs.";
        }
    }
}
