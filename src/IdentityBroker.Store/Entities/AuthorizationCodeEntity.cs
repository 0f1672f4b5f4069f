namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.authorization_codes</c>. The code itself is never stored, only its hash.</summary>
public sealed class AuthorizationCodeEntity
{
    public string CodeHash { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string RedirectUri { get; set; } = "";

    public string Subject { get; set; } = "";

    public string RegionCode { get; set; } = "";

    public string Scope { get; set; } = "";

    public string? Nonce { get; set; }

    public string? CodeChallenge { get; set; }

    public string? CodeChallengeMethod { get; set; }

    public string SessionId { get; set; } = "";

    public DateTimeOffset AuthTime { get; set; }

    public string? Acr { get; set; }

    public List<string> Amr { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? ConsumedAt { get; set; }

    /// <summary>RFC 9449 §10: the JWK thumbprint the code is bound to; null if unbound.</summary>
    public string? DpopJkt { get; set; }

    /// <summary>The <c>jti</c> of the access token the redemption issued (to revoke on a replay).</summary>
    public string? IssuedAccessTokenJti { get; set; }

    public DateTimeOffset? IssuedAccessTokenExpiresAt { get; set; }

    /// <summary>The refresh-token family the redemption started (to revoke on a replay).</summary>
    public string? IssuedRefreshFamilyId { get; set; }

    /// <summary>The cleaner keeps the row until both <see cref="ExpiresAt"/> and this have passed.</summary>
    public DateTimeOffset? KeepUntil { get; set; }
}
