using IdentityBroker.Core.Consent;
using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Interaction;

namespace IdentityBroker.Server.Interaction.Consent;

/// <summary>What step (5) of the sign-in decided: refuse (a minor), show a page (a parent), or nothing (go on).</summary>
internal sealed record ParentalGateStop(SignInRefused? Refusal, IResult? Page)
{
    /// <summary>consent_required with no parent in the diary: the request reached nobody, and the page must not say it did.</summary>
    public bool NoParentKnown { get; init; }
}

/// <summary>
/// Step (5) of <see cref="SignInFlow"/>.
/// <list type="bullet">
/// <item>R-CONSENT-2: a minor (under 18 on the region's day, R-MATCH-1) entering a diary account without an active
/// parental consent is refused (<see cref="MinorConsentRule"/>): <c>consent_required</c>, after the pending request is
/// created or reused and, when created, a webhook is addressed to every parent the diary links to the child (R-CONSENT-3);
/// or <c>child_not_linked_esia</c> for a 14–17 student when the broker positively knows no parent has the child in ESIA:
/// at least one of the child's diary parents has signed in through ESIA (has an account link) and none of those parents'
/// verified relations include the child (then no parent could grant, so a request would help nobody).
/// 18 and over never need consent; old consent records stay for audit.</item>
/// <item>R-CONSENT-3 (way 1): an adult whose verified children (ESIA) have pending requests sees them first, to grant or
/// decline, then «Продолжить».</item>
/// <item>R-CONSENT-6: a parent-role diary account with no child linked in the diary sees the no_children_linked notice
/// and its remedy, then «Продолжить» (the sign-in is not refused).</item>
/// </list>
/// </summary>
internal sealed class ParentalConsentGate(
    IParentalConsentStore consents,
    IFamilyRelationStore relations,
    IDiaryDirectory directory,
    IAccountLinkStore links,
    ParentalConsentService service,
    ParentPages pages,
    IAuditLog audit,
    TimeProvider time)
{
    public async Task<ParentalGateStop?> CheckAsync(
        HttpContext context, AuthorizationRequest request, DiaryAccount chosen, string ruleId, EsiaAuthentication authentication, CancellationToken cancellationToken)
    {
        var region = request.RegionCode;
        if (MinorConsentRule.Applies(authentication.Age))
        {
            if (await consents.FindActiveAsync(region, chosen.Id, cancellationToken) is not null)
            {
                return null;
            }

            var unlinked = MinorConsentRule.MayBeUnlinkedInEsia(authentication.Age) && await KnownUnlinkedInEsiaAsync(region, chosen.Id, cancellationToken);
            var refusal = MinorConsentRule.Check(authentication.Age, hasActiveConsent: false, unlinked)!;
            var parents = -1;
            if (refusal.ReasonCode == ReasonCodes.ConsentRequired)
            {
                (_, parents) = await service.RequestAsync(region, chosen.Id, request.ClientId, cancellationToken);
            }

            return new ParentalGateStop(refusal, null) { NoParentKnown = parents == 0 };
        }

        var verified = await relations.FindChildrenAsync(region, authentication.EsiaSubjectHash, cancellationToken);
        var pending = verified.Count == 0
            ? []
            : await consents.FindPendingAsync(region, verified.Select(r => r.ChildAccountId).Distinct().ToList(), cancellationToken);
        var noChildrenLinked = chosen.Roles.Contains(DiaryRole.Parent) && chosen.ChildIds.Count == 0;
        if (pending.Count == 0 && !noChildrenLinked)
        {
            return null;
        }

        if (noChildrenLinked)
        {
            // Not a refusal (the sign-in goes on, no reference number): the notice is recorded under its reason code.
            await audit.RecordAsync(AuditRecord.SignInRefused(time.GetUtcNow(), region, request.ClientId, ReasonCodes.NoChildrenLinked, RuleIds.Consent6,
                null, new AuditPerson(authentication.EsiaSubjectHash), chosen.Id, "notice shown; the sign-in may continue"), cancellationToken);
        }

        var state = new PendingParentSignIn(request, chosen.Id, ruleId, authentication, BrowserBinding.GetOrCreateHash(context));
        return new ParentalGateStop(null, await pages.ParentStepAsync(context, state, noChildrenLinked, null, cancellationToken));
    }

    /// <summary>
    /// R-CONSENT-6 evidence for <c>child_not_linked_esia</c>: the ESIA persons linked to the child's diary parents; true only
    /// when there is at least one and none of them has the child among their verified (ESIA) children.
    /// </summary>
    private async Task<bool> KnownUnlinkedInEsiaAsync(string region, string childAccountId, CancellationToken cancellationToken)
    {
        var parentPersons = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parent in await directory.FindParentsAsync(region, childAccountId, cancellationToken))
        {
            foreach (var link in await links.FindByAccountAsync(region, parent.Id, cancellationToken))
            {
                parentPersons.Add(link.EsiaSubjectHash);
            }
        }

        if (parentPersons.Count == 0)
        {
            return false;
        }

        var verifiedParents = (await relations.FindParentsAsync(region, childAccountId, cancellationToken)).Select(r => r.ParentEsiaSubjectHash);
        return !verifiedParents.Any(parentPersons.Contains);
    }
}
