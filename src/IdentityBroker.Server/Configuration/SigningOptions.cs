namespace IdentityBroker.Server.Configuration;

/// <summary>Token-signing keys and their rotation (section <c>IdentityBroker:Signing</c>; validated by <see cref="SigningOptionsValidator"/>).</summary>
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
}
