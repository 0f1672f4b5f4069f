using IdentityBroker.Core.Consent;

namespace IdentityBroker.Core.Stores;

/// <summary>
/// R-CONSENT-2..5. Every change writes its notifications (webhooks) to the outbox in the SAME transaction, so a
/// notification is sent if and only if the change happened.
/// </summary>
public interface IParentalConsentStore
{
    /// <summary>The child's active consent in the region; null when none.</summary>
    Task<ParentalConsent?> FindActiveAsync(string regionCode, string childAccountId, CancellationToken cancellationToken);

    /// <summary>Active consents for several children (the "Мои дети" page).</summary>
    Task<IReadOnlyList<ParentalConsent>> FindActiveForChildrenAsync(string regionCode, IReadOnlyList<string> childAccountIds, CancellationToken cancellationToken);

    /// <summary>
    /// The pending request for the child, created if there is none (a partial unique index keeps one pending request per
    /// child and region, so simultaneous refusals create one). <paramref name="notifications"/> are enqueued only when this
    /// call created the request. Returns the pending request and whether it was created. <paramref name="newRequestId"/> is the
    /// id a created request gets (so the notifications can name it); a new one is made when null.
    /// </summary>
    Task<(ConsentRequest Request, bool Created)> RequestAsync(string regionCode, string childAccountId, DateTimeOffset now, IReadOnlyList<OutboxMessage> notifications, CancellationToken cancellationToken, Guid? newRequestId = null);

    /// <summary>Pending requests for these children (the parent's "requests" list).</summary>
    Task<IReadOnlyList<ConsentRequest>> FindPendingAsync(string regionCode, IReadOnlyList<string> childAccountIds, CancellationToken cancellationToken);

    /// <summary>
    /// Grants consent unless one is active (then returns the active one, Created=false, and enqueues nothing); closes the
    /// child's pending request as granted; enqueues <paramref name="notifications"/> only when granted by this call.
    /// </summary>
    Task<(ParentalConsent Consent, bool Created)> GrantAsync(string regionCode, string childAccountId, string parentEsiaSubjectHash, string? parentAccountId, DateTimeOffset now, IReadOnlyList<OutboxMessage> notifications, CancellationToken cancellationToken);

    /// <summary>Closes the child's pending request as declined; false when none was pending.</summary>
    Task<bool> DeclineAsync(string regionCode, string childAccountId, string parentEsiaSubjectHash, DateTimeOffset now, IReadOnlyList<OutboxMessage> notifications, CancellationToken cancellationToken);

    /// <summary>Revokes the active consent (it stays, with revoked_at, for audit); false when none was active.
    /// The caller then ends the child's sessions and refresh tokens.</summary>
    Task<bool> RevokeAsync(string regionCode, string childAccountId, string parentEsiaSubjectHash, DateTimeOffset now, IReadOnlyList<OutboxMessage> notifications, CancellationToken cancellationToken);
}
