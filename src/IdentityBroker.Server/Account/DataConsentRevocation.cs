using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Logout;
using IdentityBroker.Server.Interaction;

using IdentityBroker.Server.Protocol;

namespace IdentityBroker.Server.Account;

/// <summary>
/// R-CONSENT-1: a person revokes their consent to the processing of the data passed to the diary. The consent is closed,
/// then every active broker session of every diary account linked to the ESIA person in the region is ended through
/// <see cref="SessionTerminator"/> (so back-channel logout reaches the clients) and their refresh tokens are revoked at once
/// (also those of sessions that already ran out: offline tokens). The revocation, its effects and both audit records
/// (<c>data_consent</c> / <c>revoked</c>, and <c>data_consent</c> / <c>revocation_effects</c> with the counts) are ONE
/// transaction (<see cref="IUnitOfWork"/>, issue #10 item 6): after a crash either the consent is still active with every
/// session and token untouched, or all of it happened. Logs are written after the commit.
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
        var result = await unitOfWork.RunAsync(async ct =>
        {
            var closed = await consents.RevokeAsync(regionCode, esiaSubjectHash, now, ct);
            if (closed)
            {
                await audit.RecordAsync(AuditRecord.DataConsent(now, regionCode, null, AuditOutcomes.Revoked, currentAccountId, new AuditPerson(esiaSubjectHash), "consent_revoked=True"), ct);
            }

            var accounts = (await links.FindAsync(regionCode, esiaSubjectHash, ct))
                .Select(l => l.DiaryAccountId)
                .Append(currentAccountId)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var sessionsEnded = 0;
            var tokensRevoked = 0;
            foreach (var account in accounts)
            {
                foreach (var session in await sessions.FindActiveBySubjectAsync(regionCode, account, now, ct))
                {
                    if (await terminator.EndAsync(session, null, ct)) // joins this unit of work
                    {
                        sessionsEnded++;
                    }
                }

                tokensRevoked += await refreshTokens.RevokeSubjectAsync(regionCode, account, now, ct); // joins this unit of work
            }

            await audit.RecordAsync(AuditRecord.DataConsent(now, regionCode, null, AuditOutcomes.RevocationEffects, currentAccountId, new AuditPerson(esiaSubjectHash),
                $"consent_revoked={closed}; accounts={accounts.Count}; sessions_ended={sessionsEnded}; refresh_tokens_revoked={tokensRevoked}"), ct);
            return new DataConsentRevocationResult(closed, sessionsEnded, tokensRevoked);
        }, cancellationToken);

        DataConsentLog.Revoked(logger, currentAccountId, regionCode, result.SessionsEnded, result.RefreshTokensRevoked);
        return result;
    }
}

/// <param name="ConsentRevoked">False when there was no active consent (already revoked elsewhere).</param>
internal sealed record DataConsentRevocationResult(bool ConsentRevoked, int SessionsEnded, int RefreshTokensRevoked);
