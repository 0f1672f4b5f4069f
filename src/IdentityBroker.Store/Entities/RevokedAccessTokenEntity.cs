namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.revoked_access_tokens</c>: a revoked JWT access token, kept until it would have expired.</summary>
public sealed class RevokedAccessTokenEntity
{
    public string Jti { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }
}
