namespace IdentityBroker.Server.Configuration;

/// <summary>The root configuration section <c>IdentityBroker</c> (README "Configuration reference").</summary>
public sealed class BrokerOptions
{
    public const string SectionName = "IdentityBroker";

    /// <summary>The OpenID Provider's issuer URL, e.g. https://id.dnevnik38.ru. Must be https outside Development.</summary>
    public string Issuer { get; set; } = string.Empty;

    /// <summary>Allows an http issuer (development and tests only).</summary>
    public bool AllowHttpIssuer { get; set; }

    /// <summary>Folder of region files (one <c>*.json</c> per region, R-REGION-4).</summary>
    public string RegionsDirectory { get; set; } = string.Empty;

    /// <summary>Base64 of at least 32 random bytes: the key of the keyed hashes of SNILS and ESIA ids. Secret.</summary>
    public string PersonalDataPepper { get; set; } = string.Empty;

    /// <summary>Base64 of exactly 32 random bytes: encrypts the private parts of token-signing keys at rest. Secret.</summary>
    public string SigningKeyEncryptionKey { get; set; } = string.Empty;

    /// <summary>The audience of access tokens: the diary API (RFC 9068).</summary>
    public string DiaryApiAudience { get; set; } = "diary-api";

    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan IdTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a sign-in may stay at ESIA before its state expires.</summary>
    public TimeSpan EsiaRoundTripLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Absolute lifetime of the broker's browser session (single sign-on between a region's clients).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long after a refresh token's first use a retry (a lost response) still gets the same successor; a use after
    /// that revokes the token's family (RFC 9700 §4.14.2). 0 turns the grace off. At most one minute.
    /// </summary>
    public TimeSpan RefreshTokenReuseGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After the grace, how long a retry of a used refresh token still gets the same successor PROVIDED that successor has not
    /// been used yet (a response lost in a database or network failure; issue #10 item 2, docs/revocation.md). A use of the old
    /// token after the successor was used, or after this window, revokes the family. At least the grace, at most 30 minutes.
    /// </summary>
    public TimeSpan RefreshTokenRetryWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Upstream ESIA logout and back-channel logout delivery (<c>IdentityBroker:Logout</c>).</summary>
    public LogoutOptions Logout { get; set; } = new();

    /// <summary>R-CONSENT-1: the version of the consent text in force (<c>IdentityBroker:DataConsent</c>, docs/consent.md).</summary>
    public DataConsentOptions DataConsent { get; set; } = new();

    /// <summary>R-MATCH-6 / R-REGION-3: limits of diary password attempts (<c>IdentityBroker:ManualLink</c>).</summary>
    public ManualLinkOptions ManualLink { get; set; } = new();

    /// <summary>Audit retention (<c>IdentityBroker:Audit</c>).</summary>
    public AuditOptions Audit { get; set; } = new();

    /// <summary>Directory sync batch retention (<c>IdentityBroker:DirectorySync</c>, issue #13).</summary>
    public DirectorySyncOptions DirectorySync { get; set; } = new();

    /// <summary>
    /// IPs or CIDR networks of the ingress whose <c>X-Forwarded-For/Proto</c> are believed (<c>Hosting/HostingExtensions</c>);
    /// empty (the default): none, the broker sees the connection as it is.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Development only: apply migrations at start-up. Production runs the <c>migrate</c> verb (a Helm Job).</summary>
    public bool MigrateOnStart { get; set; }
}
