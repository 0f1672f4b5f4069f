using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>
/// PostgreSQL <see cref="IPushedRequestStore"/> (RFC 9126): consumed by one <c>DELETE … RETURNING</c> that matches only
/// the owning client and an unexpired row, so of two concurrent uses exactly one gets the request, and another client's
/// attempt leaves it in place. Expired rows are left to the cleaner.
/// </summary>
internal sealed class PushedRequestStore(IDbContextFactory<BrokerDbContext> contextFactory) : IPushedRequestStore
{
    public async Task SaveAsync(string requestUriHash, AuthorizationRequest request, string? dpopJkt, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestUriHash);
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.PushedAuthorizationRequests.Add(PushedRequestMapper.ToEntity(requestUriHash, request, dpopJkt, expiresAt));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<(AuthorizationRequest Request, string? DpopJkt)?> ConsumeAsync(string requestUriHash, string clientId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var utcNow = now.ToUniversalTime();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.PushedAuthorizationRequests
            .FromSql($"""
                DELETE FROM broker.pushed_authorization_requests
                WHERE request_uri_hash = {requestUriHash} AND client_id = {clientId} AND expires_at > {utcNow}
                RETURNING *
                """)
            .AsNoTracking()
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.Count == 1 ? PushedRequestMapper.ToRecord(rows[0]) : null;
    }
}
