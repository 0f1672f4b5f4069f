using IdentityBroker.Core.Stores;
using IdentityBroker.Core.Directory;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Server.Interaction.Consent;

namespace IdentityBroker.Server.Interaction.Steps;

/// <summary>
/// The decision on the person ESIA returned (<see cref="SignInDecider"/>: R-LEVEL-*, R-MATCH-*): one account → on to the
/// link; several → the chooser (R-MATCH-5); diary_snils_missing → the refusal with the diary-password form where
/// name-matched accounts without SNILS exist (R-MATCH-6); any other refusal ends the sign-in. Unless refused, the person's
/// ESIA children replace their family relations (R-CONSENT-6); when ESIA did not give the kids collection the children are
/// unknown and the known relations stay.
/// </summary>
internal sealed class DecideStep(SignInDecider decider, IDiaryDirectory directory, FamilyRelationRefresher familyRelations, SignInRefusals refusals, TimeProvider time)
    : ISignInStep
{
    public async Task<StepOutcome> EnterAsync(SignInContext context, CancellationToken cancellationToken)
    {
        var person = context.Person ?? throw new InvalidOperationException("The decision runs only in ESIA's callback, with the person.");
        var authentication = context.Progress.Authentication!;
        var request = context.Request;

        SignInDecision decision;
        using (var span = Telemetry.BrokerTelemetry.Source.StartActivity("sign_in.decide"))
        {
            decision = await decider.DecideAsync(context.Region.Region, person, time.GetUtcNow(), cancellationToken);
            span?.SetTag("identity_broker.decision", decision.GetType().Name);
        }

        if (decision is not SignInRefused && context.EsiaChildren is { } children)
        {
            await familyRelations.RefreshAsync(context.Region, authentication.EsiaSubjectHash, children, cancellationToken);
        }

        switch (decision)
        {
            case SignInAllowed allowed:
                context.Chosen = allowed.Account;
                return new StepOutcome.Next(context.Progress with
                {
                    Proven = [allowed.Account.Id], ChosenAccountId = allowed.Account.Id, LinkMethod = allowed.LinkMethod, RuleId = allowed.RuleId,
                });

            case AccountChoiceRequired choice:
                context.Found = choice.Accounts;
                return new StepOutcome.Next(context.Progress with
                {
                    Choices = choice.Accounts.Select(a => a.Id).ToList(), LinkMethod = choice.LinkMethod, RuleId = choice.RuleId,
                });

            case SignInRefused { ReasonCode: ReasonCodes.DiarySnilsMissing } refused:
            {
                // R-MATCH-6: the refusal stands (audited, reference number); the form beside it may link an account without SNILS.
                var refusal = await refusals.RecordAsync(request, refused.ReasonCode, refused.RuleId, authentication.AuditPerson, cancellationToken);
                var byName = await directory.FindByNormalizedNameAsync(request.RegionCode, person.Name.Normalized, cancellationToken);
                var candidates = byName.Where(a => a.SnilsHash is null).Select(a => a.Id).ToList();
                return candidates.Count == 0
                    ? new StepOutcome.Refuse(refusal) // the directory changed since the decision: no account left to prove
                    : new StepOutcome.Next(context.Progress with { ManualLinkCandidates = candidates, ReferenceNumber = refusal.ReferenceNumber });
            }

            case SignInRefused refused:
                return new StepOutcome.Refuse(await refusals.RecordAsync(request, refused.ReasonCode, refused.RuleId, authentication.AuditPerson, cancellationToken));

            default:
                throw new InvalidOperationException("unknown decision");
        }
    }
}
