using System.Security.Cryptography;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Regions;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Logout;

/// <summary>
/// Ends a broker session: in ONE PostgreSQL transaction the session is marked ended, its refresh tokens are revoked and one
/// back-channel logout message per client of the session that registered a <c>backchannel_logout_uri</c> is queued in the
/// outbox (OIDC Back-Channel Logout 1.0 §2.7; delivered by <see cref="Delivery.OutboxDispatcher"/>). Audited as "logout" in
/// the SAME transaction (<see cref="IUnitOfWork"/>, issue #10 item 6): a crash can no longer leave an ended session without
/// its audit record. Called inside a caller's unit of work (a consent revocation), it joins that one.
/// </summary>
internal sealed class SessionTerminator(
    ISessionStore sessions, RegionCatalog catalog, IAuditLog audit, IUnitOfWork unitOfWork, TimeProvider time, ILogger<SessionTerminator> logger)
{
    /// <param name="initiatingClientId">The client whose logout request ended the session, or null (the user at the broker).</param>
    /// <returns>False when the session had already ended (nothing was written).</returns>
    public async Task<bool> EndAsync(BrokerSessionRecord session, string? initiatingClientId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var messages = new List<OutboxMessage>();
        var ended = await unitOfWork.RunAsync(async ct =>
        {
            foreach (var clientId in await sessions.GetClientsAsync(session.SessionId, ct))
            {
                if (catalog.FindClient(clientId) is { BackChannelLogoutUri: { Length: > 0 } uri })
                {
                    var payload = new BackChannelLogoutEvent(clientId, session.Subject, session.SessionId).ToJson();
                    // The idempotency key is the logout token's jti (§2.4): receivers deduplicate on it across retries.
                    var jti = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
                    messages.Add(OutboxMessage.New(OutboxKinds.BackChannelLogout, uri, "application/x-www-form-urlencoded", payload, jti, now));
                }
            }

            if (!await sessions.EndAsync(session.SessionId, now, messages, ct))
            {
                return false;
            }

            await audit.RecordAsync(AuditRecord.Logout(now, session.RegionCode, initiatingClientId, session.Subject, session.EsiaSubjectHash,
                $"backchannel_messages={messages.Count}"), ct);
            return true;
        }, cancellationToken);
        if (!ended)
        {
            return false;
        }

        Log.SessionEnded(logger, session.Subject, session.RegionCode, initiatingClientId, messages.Count);
        return true;
    }
}
