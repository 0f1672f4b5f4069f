using IdentityBroker.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>
/// PostgreSQL <see cref="IRevokedTokenStore"/>: one row per revoked access-token <c>jti</c> until the token would have
/// expired (then the cleaner removes it). Revoking twice keeps the later expiry.
/// </summary>
internal sealed class RevokedTokenStore(IDbContextFactory<BrokerDbContext> contextFactory) : IRevokedTokenStore
{
    public async Task RevokeAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jti);
        var utcExpiresAt = expiresAt.ToUniversalTime();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO broker.revoked_access_tokens (jti, expires_at) VALUES ({jti}, {utcExpiresAt})
            ON CONFLICT (jti) DO UPDATE SET expires_at = GREATEST(revoked_access_tokens.expires_at, EXCLUDED.expires_at)
            """,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> IsRevokedAsync(string jti, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.RevokedAccessTokens.AnyAsync(r => r.Jti == jti, cancellationToken).ConfigureAwait(false);
    }
}
