using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Logout;
using IdentityBroker.Server.SignIn;

namespace IdentityBroker.Server.Account;

/// <summary>
/// R-CONSENT-1: a person revokes their consent to the processing of the data passed to the diary. The consent is closed,
/// then every active broker session of every diary account linked to the ESIA person in the region is ended through
/// <see cref="SessionTerminator"/> (so back-channel logout reaches the clients) and their refresh tokens are revoked at once
/// (also those of sessions that already ran out: offline tokens). The revocation and its audit record (<c>data_consent</c> /
/// <c>revoked</c>) are one transaction (<see cref="IUnitOfWork"/>, issue #10 item 6); the effects follow it and are audited
/// as <c>data_consent</c> / <c>revocation_effects</c> with their counts (they run after the commit: ending sessions and
/// revoking refresh tokens touch rows of other stores, and a crash in between is repaired by repeating the revocation).
/// The next sign-in asks for consent again. Safe to repeat: a second call finds nothing left to end.
/// </summary>
internal sealed class DataConsentRevocation(
    IDataConsentStore consents, IAccountLinkStore links, ISessionStore sessions, SessionTerminator terminator, IRefreshTokenStore refreshTokens,
    IAuditLog audit, IUnitOfWork unitOfWork, TimeProvider time, ILogger<DataConsentRevocation> logger)
{
    /// <param name="currentAccountId">The diary account of the browser's session (ended too, even if its link was removed).</param>
    public async Task<DataConsentRevocationResult> RevokeAsync(string regionCode, string esiaSubjectHash, string currentAccountId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var revoked = await unitOfWork.RunAsync(async ct =>
        {
            var closed = await consents.RevokeAsync(regionCode, esiaSubjectHash, now, ct);
            if (closed)
            {
                await audit.RecordAsync(new AuditRecord(now, AuditEventTypes.DataConsent, regionCode, null, "revoked", DataConsentGate.RuleId, currentAccountId,
                    esiaSubjectHash, null, "consent_revoked=True"), ct);
            }

            return closed;
        }, cancellationToken);

        var accounts = (await links.FindAsync(regionCode, esiaSubjectHash, cancellationToken))
            .Select(l => l.DiaryAccountId)
            .Append(currentAccountId)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var sessionsEnded = 0;
        var tokensRevoked = 0;
        foreach (var account in accounts)
        {
            foreach (var session in await sessions.FindActiveBySubjectAsync(regionCode, account, now, cancellationToken))
            {
                if (await terminator.EndAsync(session, null, cancellationToken))
                {
                    sessionsEnded++;
                }
            }

            tokensRevoked += await refreshTokens.RevokeSubjectAsync(regionCode, account, now, cancellationToken);
        }

        await audit.RecordAsync(new AuditRecord(now, AuditEventTypes.DataConsent, regionCode, null, "revocation_effects", DataConsentGate.RuleId, currentAccountId,
            esiaSubjectHash, null, $"consent_revoked={revoked}; accounts={accounts.Count}; sessions_ended={sessionsEnded}; refresh_tokens_revoked={tokensRevoked}"),
            cancellationToken);
        DataConsentLog.Revoked(logger, currentAccountId, regionCode, sessionsEnded, tokensRevoked);
        return new DataConsentRevocationResult(revoked, sessionsEnded, tokensRevoked);
    }
}

/// <param name="ConsentRevoked">False when there was no active consent (already revoked elsewhere).</param>
internal sealed record DataConsentRevocationResult(bool ConsentRevoked, int SessionsEnded, int RefreshTokensRevoked);
