using IdentityBroker.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>
/// PostgreSQL <see cref="IReplayCache"/>: one <c>INSERT … ON CONFLICT DO UPDATE … WHERE expires_at &lt;= now</c>, so a key
/// is accepted when new or when its earlier entry has expired (not yet removed by the cleaner), and refused while it is
/// live. "Now" comes from <see cref="TimeProvider"/>, the clock that computed <c>expiresAt</c>.
/// </summary>
internal sealed class ReplayCache(IDbContextFactory<BrokerDbContext> contextFactory, TimeProvider time) : IReplayCache
{
    public async Task<bool> TryAddAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var utcExpiresAt = expiresAt.ToUniversalTime();
        var utcNow = time.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var written = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO broker.replay_entries (key, expires_at) VALUES ({key}, {utcExpiresAt})
            ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at
            WHERE replay_entries.expires_at <= {utcNow}
            """,
            cancellationToken).ConfigureAwait(false);
        return written == 1;
    }
}
