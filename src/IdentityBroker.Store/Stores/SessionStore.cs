using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>
/// PostgreSQL <see cref="ISessionStore"/>. <see cref="EndAsync"/> is one transaction: a conditional
/// <c>UPDATE … WHERE ended_at IS NULL</c> decides, and only when it changed a row are the session's refresh tokens
/// revoked and the messages inserted (a duplicate idempotency key fails the whole call, leaving the session active).
/// </summary>
internal sealed class SessionStore(IDbContextFactory<BrokerDbContext> contextFactory) : ISessionStore
{
    public async Task CreateAsync(BrokerSessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        db.BrokerSessions.Add(BrokerSessionMapper.ToEntity(session));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<BrokerSessionRecord?> FindActiveAsync(string sessionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var utcNow = now.ToUniversalTime();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        var row = await db.BrokerSessions.AsNoTracking()
            .FirstOrDefaultAsync(s => s.SessionId == sessionId && s.EndedAt == null && s.ExpiresAt > utcNow, cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : BrokerSessionMapper.ToRecord(row);
    }

    public async Task AddClientAsync(string sessionId, string clientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(clientId);
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO broker.session_clients (session_id, client_id) VALUES ({sessionId}, {clientId})
            ON CONFLICT (session_id, client_id) DO NOTHING
            """,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> GetClientsAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        var clients = await db.SessionClients.AsNoTracking()
            .Where(c => c.SessionId == sessionId)
            .OrderBy(c => c.ClientId)
            .Select(c => c.ClientId)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return clients.AsReadOnly();
    }

    public async Task<bool> EndAsync(string sessionId, DateTimeOffset now, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var utcNow = now.ToUniversalTime();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        await using var transaction = await StoreContexts.BeginAsync(db, cancellationToken).ConfigureAwait(false);
        var ended = await db.BrokerSessions
            .Where(s => s.SessionId == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.EndedAt, utcNow), cancellationToken)
            .ConfigureAwait(false);
        if (ended == 0)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        await RefreshTokenStore.RevokeSessionAsync(db, sessionId, utcNow, cancellationToken).ConfigureAwait(false);
        await OutboxWriter.InsertAsync(db, messages, ignoreDuplicateKeys: false, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<BrokerSessionRecord>> FindActiveBySubjectAsync(string regionCode, string subject, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var utcNow = now.ToUniversalTime();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        var rows = await db.BrokerSessions.AsNoTracking()
            .Where(s => s.RegionCode == regionCode && s.Subject == subject && s.EndedAt == null && s.ExpiresAt > utcNow)
            .OrderBy(s => s.CreatedAt)
            .ThenBy(s => s.SessionId)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(BrokerSessionMapper.ToRecord).ToList().AsReadOnly();
    }
}
