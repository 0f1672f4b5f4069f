namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.refresh_tokens</c>. Only the SHA-256 of the handle is stored.</summary>
public sealed class RefreshTokenEntity
{
    public string TokenHash { get; set; } = "";

    public string FamilyId { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string Subject { get; set; } = "";

    public string RegionCode { get; set; } = "";

    public string Scope { get; set; } = "";

    public string SessionId { get; set; } = "";

    public DateTimeOffset AuthTime { get; set; }

    public string? Acr { get; set; }

    public List<string> Amr { get; set; } = [];

    public string? DpopJkt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When the token was rotated (first use); null while unused.</summary>
    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>The hash of the token created at first use.</summary>
    public string? SuccessorHash { get; set; }

    /// <summary>The successor's handle, encrypted by the caller; kept for the grace window, then cleared by the cleaner.</summary>
    public byte[]? ProtectedSuccessor { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
