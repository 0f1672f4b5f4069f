namespace IdentityBroker.Core.Stores;

/// <summary>
/// Access tokens are JWTs and cannot be recalled; revoking one (RFC 7009, a replayed code) records its <c>jti</c> here until
/// it would have expired, and introspection (RFC 7662) answers inactive for it.
/// </summary>
public interface IRevokedTokenStore
{
    Task RevokeAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    Task<bool> IsRevokedAsync(string jti, CancellationToken cancellationToken);
}
