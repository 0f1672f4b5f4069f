namespace IdentityBroker.Core.Stores;

public interface ISessionStore
{
    Task CreateAsync(BrokerSessionRecord session, CancellationToken cancellationToken);

    /// <summary>The session if it exists, has not ended and has not expired at <paramref name="now"/>.</summary>
    Task<BrokerSessionRecord?> FindActiveAsync(string sessionId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records that a client received tokens in this session (idempotent), for back-channel logout.</summary>
    Task AddClientAsync(string sessionId, string clientId, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> GetClientsAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the session and, in the SAME transaction, revokes its refresh tokens and enqueues <paramref name="messages"/>
    /// (back-channel logout tokens) in the outbox. Ends only a session that has not ended yet (<c>UPDATE … WHERE ended_at
    /// IS NULL</c>): returns false, writing nothing, when it was already ended or does not exist.
    /// </summary>
    Task<bool> EndAsync(string sessionId, DateTimeOffset now, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);

    /// <summary>Active sessions of a diary account in a region (consent revocation ends them all).</summary>
    Task<IReadOnlyList<BrokerSessionRecord>> FindActiveBySubjectAsync(string regionCode, string subject, DateTimeOffset now, CancellationToken cancellationToken);
}
