using IdentityBroker.Core.Consent;
using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Interaction;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Core.SignIn.Rules;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Interaction.Consent;
using IdentityBroker.Server.Ui;

namespace IdentityBroker.Server.Interaction.Steps;

/// <summary>What the parent did on the parent's step: «Продолжить» (<c>continue</c>), or «Дать согласие» / «Отклонить» for one child.</summary>
internal sealed record ParentAnswer(string Action, string Child);

/// <summary>
/// R-CONSENT-2..6, the parental-consent step.
/// <list type="bullet">
/// <item>A minor (under 18 on the region's day, R-MATCH-1) without an active parental consent for the diary account is refused
/// (<see cref="MinorConsentRule"/>): <c>consent_required</c>, after the pending request is created or reused and, when
/// created, a webhook is addressed to every parent the diary links to the child (R-CONSENT-3); or <c>child_not_linked_esia</c>
/// for a 14–17 student when the broker positively knows no parent has the child in ESIA
/// (<see cref="ParentalConsentPolicy.KnownUnlinkedInEsia"/>).</item>
/// <item>An adult whose verified children (ESIA) have pending requests sees them first, to grant or decline, then
/// «Продолжить» (R-CONSENT-3 way 1); a parent-role account with no child linked in the diary sees the no_children_linked
/// notice and its remedy (R-CONSENT-6; not a refusal). A grant or decline acts only on a child ESIA lists as this person's.</item>
/// </list>
/// </summary>
internal sealed class ParentalConsentStep(
    IParentalConsentStore consents,
    IFamilyRelationStore relations,
    IDiaryDirectory directory,
    IAccountLinkStore links,
    ParentalConsentService service,
    ParentPages pages,
    SignInRefusals refusals,
    IAuditLog audit,
    TimeProvider time) : ISignInStep, IFormStep<ParentAnswer>
{
    public SignInStep Step => SignInStep.ParentalConsent;

    public async Task<StepOutcome> EnterAsync(SignInContext context, CancellationToken cancellationToken)
    {
        var progress = context.Progress;
        var authentication = progress.Authentication!;
        var request = context.Request;
        var region = request.RegionCode;
        var chosenId = progress.ChosenAccountId!;
        if (MinorConsentRule.Applies(authentication.Age))
        {
            if (await consents.FindActiveAsync(region, chosenId, cancellationToken) is not null)
            {
                return new StepOutcome.Next(progress);
            }

            var unlinked = MinorConsentRule.MayBeUnlinkedInEsia(authentication.Age) && await KnownUnlinkedInEsiaAsync(region, chosenId, cancellationToken);
            var refused = MinorConsentRule.Check(authentication.Age, hasActiveConsent: false, unlinked)!;
            var parents = -1;
            if (refused.ReasonCode == ReasonCodes.ConsentRequired)
            {
                (_, parents) = await service.RequestAsync(region, chosenId, request.ClientId, cancellationToken);
            }

            var refusal = await refusals.RecordAsync(request, refused.ReasonCode, refused.RuleId, authentication.AuditPerson, cancellationToken);
            return new StepOutcome.Refuse(refusal, Variant: parents == 0 ? ReasonTexts.NoParentKnown : null); // nobody got the request: the page must not say so
        }

        if ((context.Chosen is { } known && known.Id == chosenId ? known : await directory.GetAsync(region, chosenId, cancellationToken)) is not { } chosen)
        {
            return new StepOutcome.Stale("the diary account is gone");
        }

        var noChildrenLinked = ParentalConsentPolicy.NoChildrenLinked(chosen);
        var requests = await pages.PendingRequestsAsync(region, authentication.EsiaSubjectHash, cancellationToken);
        if (!ParentalConsentPolicy.StopsAtParentStep(requests.Count, noChildrenLinked))
        {
            return new StepOutcome.Next(progress);
        }

        if (noChildrenLinked)
        {
            // Not a refusal (the sign-in goes on, no reference number): the notice is recorded under its reason code.
            await audit.RecordAsync(AuditRecord.SignInRefused(time.GetUtcNow(), region, request.ClientId, ReasonCodes.NoChildrenLinked, RuleIds.Consent6,
                null, new AuditPerson(authentication.EsiaSubjectHash), chosen.Id, "notice shown; the sign-in may continue"), cancellationToken);
        }

        return new StepOutcome.Wait(Step, progress, new ParentStepPage(requests, noChildrenLinked, null));
    }

    public async Task<StepOutcome> AnswerAsync(SignInContext context, ParentAnswer answer, CancellationToken cancellationToken)
    {
        var progress = context.Progress;
        var request = context.Request;
        var region = request.RegionCode;
        if (await directory.GetAsync(region, progress.ChosenAccountId!, cancellationToken) is not { } chosen || !AccountStatusRule.IsUsable(chosen))
        {
            return new StepOutcome.Stale("the diary account is gone or no longer usable");
        }

        var authentication = progress.Authentication!;
        var noChildrenLinked = ParentalConsentPolicy.NoChildrenLinked(chosen);
        switch (answer.Action)
        {
            case "continue":
                return new StepOutcome.Next(progress);

            case "grant" or "decline" when answer.Child.Length is > 0 and <= 128:
                var parent = new ParentActor(region, authentication.EsiaSubjectHash, chosen.Id, request.ClientId);
                var decision = answer.Action == "grant"
                    ? await service.GrantAsync(parent, answer.Child, cancellationToken)
                    : await service.DeclineAsync(parent, answer.Child, cancellationToken);
                var requests = await pages.PendingRequestsAsync(region, authentication.EsiaSubjectHash, cancellationToken);
                if (decision == ConsentDecision.NotParentInEsia)
                {
                    // R-CONSENT-6: audited by the service; the page again, with why, so the parent can still continue.
                    return new StepOutcome.Wait(Step, progress, new ParentStepPage(requests, noChildrenLinked, ParentStepTexts.NotParentInEsia, StatusCodes.Status403Forbidden));
                }

                return new StepOutcome.Wait(Step, progress, new ParentStepPage(
                    requests, noChildrenLinked, answer.Action == "grant" ? ParentStepTexts.Granted : ParentStepTexts.Declined));

            default:
                // An unknown action: the page again (nothing decided), with a fresh form.
                return new StepOutcome.Wait(Step, progress, new ParentStepPage(
                    await pages.PendingRequestsAsync(region, authentication.EsiaSubjectHash, cancellationToken), noChildrenLinked, null, StatusCodes.Status400BadRequest));
        }
    }

    /// <summary>R-CONSENT-6 evidence (<see cref="ParentalConsentPolicy.KnownUnlinkedInEsia"/>) from the directory, the links and the verified relations.</summary>
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
        return ParentalConsentPolicy.KnownUnlinkedInEsia(parentPersons, verifiedParents);
    }
}

/// <summary>The parent's step messages (Russian).</summary>
internal static class ParentStepTexts
{
    public const string Granted = "Согласие дано. Ребёнок может войти в электронный дневник.";

    public const string Declined = "Запрос отклонён. Ребёнок не сможет войти, пока один из родителей не даст согласие.";

    public const string NotParentInEsia =
        "Вы не можете дать согласие за этого ребёнка: по данным Госуслуг он не привязан к вашей учётной записи. Если это ваш ребёнок, привяжите его в разделе «Семья и дети» на Госуслугах.";
}
