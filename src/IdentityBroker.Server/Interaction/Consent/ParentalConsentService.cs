using IdentityBroker.Core.Consent;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Logout;

namespace IdentityBroker.Server.Interaction.Consent;

/// <summary>
/// Every parental-consent decision (R-CONSENT-2..6), audited (<see cref="AuditEventTypes.ConsentRequest"/>,
/// <see cref="AuditEventTypes.ParentalConsent"/>; ids and keyed hashes only) and notified by webhook in the same
/// transaction as the change (<see cref="ConsentWebhooks"/>). A parent acts only on a child ESIA lists as theirs
/// (R-CONSENT-6: the verified relation, never the diary's); either parent may act (R-CONSENT-5) and the child's other
/// parents in the diary are notified.
/// </summary>
internal sealed class ParentalConsentService(
    IParentalConsentStore consents,
    IFamilyRelationStore relations,
    IDiaryDirectory directory,
    IAccountLinkStore links,
    ISessionStore sessions,
    IRefreshTokenStore refreshTokens,
    SessionTerminator terminator,
    ConsentWebhooks webhooks,
    IAuditLog audit,
    IUnitOfWork unitOfWork,
    TimeProvider time,
    ILogger<ParentalConsentService> logger)
{
    /// <summary>
    /// R-CONSENT-3 (way 1): the pending request for a minor refused for lack of consent, created once per child and region;
    /// when created, a <c>consent.requested</c> webhook is addressed to every parent the diary links to the child. Returns
    /// the request and how many diary parents the child has (0: nobody to send the request to, and the page must say so).
    /// </summary>
    public async Task<(ConsentRequest Request, int DiaryParents)> RequestAsync(string regionCode, string childAccountId, string? clientId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var parents = await directory.FindParentsAsync(regionCode, childAccountId, cancellationToken);
        var requestId = Guid.NewGuid();
        var messages = webhooks.Build(ConsentWebhooks.Requested, regionCode, childAccountId, parents.Select(p => p.Id), requestId, null, now);
        // Issue #10 item 6: the request (with its webhooks) and its audit record are one transaction.
        var (request, created) = await unitOfWork.RunAsync(async ct =>
        {
            var (stored, isNew) = await consents.RequestAsync(regionCode, childAccountId, now, messages, ct, requestId);
            if (isNew)
            {
                await audit.RecordAsync(AuditRecord.ConsentRequest(now, regionCode, clientId, AuditOutcomes.Requested, RuleIds.Consent2,
                    childAccountId, null, $"request={stored.Id}; webhooks={messages.Count}"), ct);
            }

            return (stored, isNew);
        }, cancellationToken);
        if (created)
        {
            ParentalConsentLog.ConsentRequested(logger, request.Id, childAccountId, regionCode, messages.Count);
        }

        return (request, parents.Count);
    }

    /// <summary>R-CONSENT-2/4/5: a verified parent grants (way 1 from the request, way 2 ahead of time).</summary>
    public async Task<ConsentDecision> GrantAsync(ParentActor parent, string childAccountId, CancellationToken cancellationToken)
    {
        var (refused, now, messages) = await PrepareDecisionAsync(parent, childAccountId, ConsentAction.Grant, ConsentWebhooks.Granted, cancellationToken);
        if (refused is { } refusal)
        {
            return refusal;
        }

        // Issue #10 item 6: the consent (with its webhooks) and its audit record are one transaction.
        var created = await unitOfWork.RunAsync(async ct =>
        {
            var (consent, isNew) = await consents.GrantAsync(parent.RegionCode, childAccountId, parent.EsiaSubjectHash, parent.AccountId, now, messages, ct);
            if (isNew)
            {
                await AuditAsync(AuditEventTypes.ParentalConsent, AuditOutcomes.Granted, RuleIds.Consent2, parent, childAccountId, $"consent={consent.Id}; webhooks={messages.Count}", now, ct);
            }

            return isNew;
        }, cancellationToken);
        if (created)
        {
            ParentalConsentLog.ConsentDecided(logger, "granted", childAccountId, parent.RegionCode, messages.Count);
        }

        return ConsentDecision.Done;
    }

    /// <summary>R-CONSENT-3: a verified parent declines the child's pending request.</summary>
    public async Task<ConsentDecision> DeclineAsync(ParentActor parent, string childAccountId, CancellationToken cancellationToken)
    {
        var (refused, now, messages) = await PrepareDecisionAsync(parent, childAccountId, ConsentAction.Decline, ConsentWebhooks.Declined, cancellationToken);
        if (refused is { } refusal)
        {
            return refusal;
        }

        // Issue #10 item 6: the closed request (with its webhooks) and its audit record are one transaction.
        var declined = await unitOfWork.RunAsync(async ct =>
        {
            var closed = await consents.DeclineAsync(parent.RegionCode, childAccountId, parent.EsiaSubjectHash, now, messages, ct);
            if (closed)
            {
                await AuditAsync(AuditEventTypes.ConsentRequest, AuditOutcomes.Declined, RuleIds.Consent3, parent, childAccountId, $"webhooks={messages.Count}", now, ct);
            }

            return closed;
        }, cancellationToken);
        if (declined)
        {
            ParentalConsentLog.ConsentDecided(logger, "declined", childAccountId, parent.RegionCode, messages.Count);
        }

        return ConsentDecision.Done;
    }

    /// <summary>
    /// What a grant and a decline of the child's pending request share: the actor must be the child's parent in ESIA
    /// (R-CONSENT-6; otherwise the refusal, audited), and the webhooks of the decision, naming the pending request and
    /// addressed to the child's other diary parents (R-CONSENT-5).
    /// </summary>
    private async Task<(ConsentDecision? Refused, DateTimeOffset Now, IReadOnlyList<OutboxMessage> Messages)> PrepareDecisionAsync(
        ParentActor parent, string childAccountId, ConsentAction action, string webhookEvent, CancellationToken cancellationToken)
    {
        if (await RefuseUnlessParentAsync(parent, childAccountId, action, cancellationToken) is { } refused)
        {
            return (refused, default, []);
        }

        var now = time.GetUtcNow();
        var pending = await consents.FindPendingAsync(parent.RegionCode, [childAccountId], cancellationToken);
        var others = await OtherParentsAsync(parent, childAccountId, cancellationToken);
        return (null, now, webhooks.Build(webhookEvent, parent.RegionCode, childAccountId, others, pending.Count > 0 ? pending[0].Id : null, null, now));
    }

    /// <summary>
    /// R-CONSENT-5: revocation takes effect at once: the consent is revoked (kept for audit; audited as <c>revoked</c>), every
    /// active broker session of the child ends (refresh tokens revoked and back-channel logout queued, by
    /// <see cref="SessionTerminator"/>), and every remaining refresh token of the child (offline access outlives the
    /// session) is revoked (audited as <c>revocation_effects</c>) — all in ONE transaction (issue #10 item 6).
    /// Access tokens are JWTs: introspection answers inactive for them once their session has ended.
    /// </summary>
    public async Task<ConsentDecision> RevokeAsync(ParentActor parent, string childAccountId, CancellationToken cancellationToken)
    {
        if (await RefuseUnlessParentAsync(parent, childAccountId, ConsentAction.Revoke, cancellationToken) is { } refused)
        {
            return refused;
        }

        var now = time.GetUtcNow();
        var active = await consents.FindActiveAsync(parent.RegionCode, childAccountId, cancellationToken);
        var others = await OtherParentsAsync(parent, childAccountId, cancellationToken);
        var messages = webhooks.Build(ConsentWebhooks.Revoked, parent.RegionCode, childAccountId, others, null, active?.Id, now);
        // Issue #10 item 6: the revocation (with its webhooks), its effects and their audit records are one transaction:
        // after a crash either nothing happened (the parent repeats the revocation) or all of it did.
        var effects = await unitOfWork.RunAsync<(int Ended, int RevokedTokens)?>(async ct =>
        {
            if (!await consents.RevokeAsync(parent.RegionCode, childAccountId, parent.EsiaSubjectHash, now, messages, ct))
            {
                return null;
            }

            await AuditAsync(AuditEventTypes.ParentalConsent, AuditOutcomes.Revoked, RuleIds.Consent5, parent, childAccountId, $"consent={active?.Id}; webhooks={messages.Count}", now, ct);
            var ended = 0;
            foreach (var session in await sessions.FindActiveBySubjectAsync(parent.RegionCode, childAccountId, now, ct))
            {
                if (await terminator.EndAsync(session, null, ct)) // joins this unit of work
                {
                    ended++;
                }
            }

            var revokedTokens = await refreshTokens.RevokeSubjectAsync(parent.RegionCode, childAccountId, now, ct); // joins this unit of work
            await AuditAsync(AuditEventTypes.ParentalConsent, AuditOutcomes.RevocationEffects, RuleIds.Consent5, parent, childAccountId,
                $"consent={active?.Id}; sessions_ended={ended}; refresh_tokens_revoked={revokedTokens}", now, ct);
            return (ended, revokedTokens);
        }, cancellationToken);
        if (effects is not { } done)
        {
            return ConsentDecision.Done;
        }

        ParentalConsentLog.ConsentDecided(logger, "revoked", childAccountId, parent.RegionCode, messages.Count);
        ParentalConsentLog.ConsentRevokedEffects(logger, childAccountId, parent.RegionCode, done.Ended, done.RevokedTokens);
        return ConsentDecision.Done;
    }

    /// <summary>R-CONSENT-6: is this ESIA person the child's parent according to ESIA (the verified relation)?</summary>
    public async Task<bool> IsVerifiedParentAsync(string regionCode, string parentEsiaSubjectHash, string childAccountId, CancellationToken cancellationToken) =>
        (await relations.FindChildrenAsync(regionCode, parentEsiaSubjectHash, cancellationToken)).Any(r => r.ChildAccountId == childAccountId);

    private async Task<ConsentDecision?> RefuseUnlessParentAsync(ParentActor parent, string childAccountId, ConsentAction action, CancellationToken cancellationToken)
    {
        if (await IsVerifiedParentAsync(parent.RegionCode, parent.EsiaSubjectHash, childAccountId, cancellationToken))
        {
            return null;
        }

        var now = time.GetUtcNow();
        await AuditAsync(action == ConsentAction.Decline ? AuditEventTypes.ConsentRequest : AuditEventTypes.ParentalConsent,
            AuditOutcomes.NotParentInEsia, RuleIds.Consent6, parent, childAccountId, "action=" + ActionName(action), now, cancellationToken);
        ParentalConsentLog.ConsentDecisionRefused(logger, childAccountId, parent.RegionCode, "not the child's parent in ESIA");
        return ConsentDecision.NotParentInEsia;
    }

    /// <summary>R-CONSENT-5: the child's diary parents other than the acting person's own diary accounts.</summary>
    private async Task<IReadOnlyList<string>> OtherParentsAsync(ParentActor parent, string childAccountId, CancellationToken cancellationToken)
    {
        var own = (await links.FindAsync(parent.RegionCode, parent.EsiaSubjectHash, cancellationToken)).Select(l => l.DiaryAccountId).ToHashSet(StringComparer.Ordinal);
        if (parent.AccountId is not null)
        {
            own.Add(parent.AccountId);
        }

        return (await directory.FindParentsAsync(parent.RegionCode, childAccountId, cancellationToken)).Select(p => p.Id).Where(id => !own.Contains(id)).ToList();
    }

    private Task AuditAsync(
        string eventType, string outcome, string ruleId, ParentActor parent, string childAccountId, string detail, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var text = $"parent_account={parent.AccountId}; {detail}";
        return audit.RecordAsync(eventType == AuditEventTypes.ConsentRequest
            ? AuditRecord.ConsentRequest(now, parent.RegionCode, parent.ClientId, outcome, ruleId, childAccountId, parent.EsiaSubjectHash, text)
            : AuditRecord.ParentalConsent(now, parent.RegionCode, parent.ClientId, outcome, ruleId, childAccountId, parent.EsiaSubjectHash, text), cancellationToken);
    }

    /// <summary>The action as the audit detail names it.</summary>
    private static string ActionName(ConsentAction action) => action switch
    {
        ConsentAction.Grant => "grant",
        ConsentAction.Decline => "decline",
        _ => "revoke",
    };

    /// <summary>What a parent does to a child's consent: the event type of a refusal follows from it (a decline closes a request).</summary>
    private enum ConsentAction
    {
        Grant,
        Decline,
        Revoke,
    }
}

/// <summary>The parent acting: region, keyed hash of their ESIA id, their diary account (when signed in to one), the client.</summary>
internal sealed record ParentActor(string RegionCode, string EsiaSubjectHash, string? AccountId, string? ClientId);

internal enum ConsentDecision
{
    Done,

    /// <summary>R-CONSENT-6: ESIA does not list the child among this person's children.</summary>
    NotParentInEsia,
}
