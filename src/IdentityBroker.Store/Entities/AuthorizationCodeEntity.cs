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
}
