using System.Text.Json;
using IdentityBroker.Core.Interaction;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Interaction.Steps;
using IdentityBroker.Server.Regions;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// The sign-in after ESIA as ordered steps over one server-side transaction (<see cref="SignInTransaction"/>):
/// <b>decide</b> (<see cref="DecideStep"/>) → <b>choose account</b> (<see cref="ChooseAccountStep"/>, R-MATCH-5) →
/// <b>link by diary password</b> (<see cref="ManualLinkStep"/>, R-MATCH-6) → <b>link</b> (<see cref="LinkStep"/>, R-MATCH-7) →
/// [the password fallback joins here, <see cref="PasswordFallbackStep"/>, R-REGION-3] → <b>parental consent</b>
/// (<see cref="ParentalConsentStep"/>, R-CONSENT-2..6) → <b>data consent</b> (<see cref="DataConsentStep"/>, R-CONSENT-1) →
/// <b>finish</b> (<see cref="FinishStep"/>: audit, session, code, one commit).
/// <para>
/// Each step returns data (<see cref="StepOutcome"/>). This class only acts on it: <c>Next</c> runs the following step;
/// <c>Wait</c> moves the transaction to the step (one conditional UPDATE on its version) and answers the step's page with a
/// fresh ticket; <c>Refuse</c> and <c>Stale</c> end the transaction; <c>Finish</c> has ended it in the code's commit. An answer
/// to a form first claims the transaction at the form's step and version (<see cref="ISignInTransactionStore.ClaimAsync"/>),
/// so every rendered form counts once, on any replica, and a form of another step, another version or another browser is
/// refused without using the sign-in up.
/// </para>
/// </summary>
internal sealed class SignInInteraction(
    ISignInTransactionStore transactions,
    RegionCatalog catalog,
    SignInRefusals refusals,
    EsiaStep esia,
    DecideStep decide,
    ChooseAccountStep chooseAccount,
    ManualLinkStep manualLink,
    LinkStep link,
    PasswordFallbackStep passwordFallback,
    ParentalConsentStep parentalConsent,
    DataConsentStep dataConsent,
    FinishStep finish,
    IOptions<BrokerOptions> options,
    TimeProvider time,
    ILogger<SignInInteraction> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The order; a form step's answer continues with the step after it (ESIA's answer, not in the list, with the first).</summary>
    private readonly ISignInStep[] _order = [decide, chooseAccount, manualLink, link, passwordFallback, parentalConsent, dataConsent, finish];

    /// <summary>ESIA's callback: answers the transaction waiting at <see cref="SignInStep.Esia"/> (its id is ESIA's <c>state</c>).</summary>
    public Task<SignInAnswer> CallbackAsync(EsiaCallback callback, string? browserBindingHash, CancellationToken cancellationToken) =>
        Guid.TryParse(callback.State, out var state)
            ? AnswerAsync(esia, state, version: 0, callback, browserBindingHash, cancellationToken)
            : Task.FromResult<SignInAnswer>(Malformed(SignInStep.Esia));

    /// <summary>The answer to the form of <paramref name="step"/> that carries <paramref name="ticket"/> (<see cref="StepTicket"/>).</summary>
    public Task<SignInAnswer> AnswerAsync<TAnswer>(
        IFormStep<TAnswer> step, string? ticket, TAnswer answer, string? browserBindingHash, CancellationToken cancellationToken) =>
        StepTicket.TryParse(ticket, out var id, out var version)
            ? AnswerAsync(step, id, version, answer, browserBindingHash, cancellationToken)
            : Task.FromResult<SignInAnswer>(Malformed(step.Step));

    /// <summary>
    /// A sign-in that must wait at a step before ESIA ever answered (the redirect to ESIA failed, R-REGION-3): acts on the
    /// outcome for the transaction just created at <see cref="SignInStep.Esia"/>, version 0.
    /// </summary>
    public async Task<SignInAnswer> ActOnAsync(SignInContext context, StepOutcome outcome, CancellationToken cancellationToken) =>
        await RunAsync(context, outcome, after: -1, cancellationToken);

    /// <summary>The stored progress of a transaction (empty at the ESIA step); unreadable progress is a stale form.</summary>
    public static SignInProgress? ReadProgress(string? stored)
    {
        if (stored is null)
        {
            return new SignInProgress();
        }

        try
        {
            return JsonSerializer.Deserialize<SignInProgress>(stored, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>How long a sign-in may wait at <paramref name="step"/> for the person.</summary>
    public static TimeSpan LifetimeAt(SignInStep step, BrokerOptions options) => step switch
    {
        SignInStep.Esia => options.EsiaRoundTripLifetime,
        SignInStep.ChooseAccount => TimeSpan.FromMinutes(10),
        SignInStep.ManualLink or SignInStep.PasswordFallback => options.ManualLink.FormLifetime,
        SignInStep.ParentalConsent or SignInStep.DataConsent => TimeSpan.FromMinutes(15),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    private async Task<SignInAnswer> AnswerAsync<TAnswer>(
        IFormStep<TAnswer> step, Guid id, int version, TAnswer answer, string? browserBindingHash, CancellationToken cancellationToken)
    {
        // A browser without the binding cookie matches no transaction; the claim still tells "another browser" apart.
        var claim = await transactions.ClaimAsync(id, step.Step, version, browserBindingHash ?? string.Empty, time.GetUtcNow(), cancellationToken);
        if (claim.Transaction is not { } transaction)
        {
            Log.StepFormRefused(logger, SignInSteps.Name(step.Step), claim.Result == ClaimResult.OtherBrowser
                ? "bound to another browser" : "unknown, expired, already used or stale");
            return new SignInAnswer.Expired(step.Step, claim.Result == ClaimResult.OtherBrowser);
        }

        if (ReadProgress(transaction.Progress) is not { } progress)
        {
            await transactions.EndAsync(transaction.Id, transaction.Version, cancellationToken);
            Log.StepFormRefused(logger, SignInSteps.Name(step.Step), "unreadable progress");
            return new SignInAnswer.Expired(step.Step, OtherBrowser: false);
        }

        if (catalog.FindRegion(transaction.Request.RegionCode) is not { } region)
        {
            // R-REGION-1: the region was removed from the configuration while the sign-in was in progress.
            await transactions.EndAsync(transaction.Id, transaction.Version, cancellationToken);
            return Refused(await refusals.RecordAsync(transaction.Request, ReasonCodes.ServiceMisconfigured, RuleIds.Region1, null, cancellationToken), RefusalPage.Standard, null);
        }

        var context = new SignInContext(transaction, region, progress);
        var outcome = await step.AnswerAsync(context, answer, cancellationToken);
        return await RunAsync(context, outcome, Array.IndexOf(_order, step), cancellationToken);
    }

    /// <summary>Acts on <paramref name="outcome"/>; on <c>Next</c>, runs the steps after position <paramref name="after"/> in order.</summary>
    private async Task<SignInAnswer> RunAsync(SignInContext context, StepOutcome outcome, int after, CancellationToken cancellationToken)
    {
        var position = after;
        while (true)
        {
            switch (outcome)
            {
                case StepOutcome.Next next:
                    context.Progress = next.Progress;
                    position++;
                    if (position >= _order.Length)
                    {
                        throw new InvalidOperationException("The sign-in ran past its last step without finishing.");
                    }

                    outcome = await _order[position].EnterAsync(context, cancellationToken);
                    break;

                case StepOutcome.Wait wait:
                    var transaction = context.Transaction;
                    var expires = time.GetUtcNow() + LifetimeAt(wait.Step, options.Value);
                    var moved = await transactions.MoveAsync(
                        transaction.Id, transaction.Version, wait.Step, JsonSerializer.Serialize(wait.Progress, Json), expires, cancellationToken);
                    if (moved is not { } version)
                    {
                        return new SignInAnswer.Expired(wait.Step, OtherBrowser: false); // ended meanwhile (expired and cleaned up)
                    }

                    context.Transaction = transaction with { Step = wait.Step, Version = version, ExpiresAt = expires };
                    return new SignInAnswer.Page(wait.Step, wait.Page, StepTicket.Format(transaction.Id, version));

                case StepOutcome.Refuse refuse:
                    await transactions.EndAsync(context.Transaction.Id, context.Transaction.Version, cancellationToken);
                    return Refused(refuse.Refusal, refuse.Page, refuse.Variant);

                case StepOutcome.Finish done:
                    return new SignInAnswer.Completed(done.Session, done.SessionExpires, context.Request, done.Code);

                case StepOutcome.Stale stale:
                    await transactions.EndAsync(context.Transaction.Id, context.Transaction.Version, cancellationToken);
                    Log.StepFormRefused(logger, SignInSteps.Name(context.Transaction.Step), stale.Why);
                    return new SignInAnswer.Expired(context.Transaction.Step, OtherBrowser: false);

                default:
                    throw new InvalidOperationException("unknown step outcome");
            }
        }
    }

    private SignInAnswer.Expired Malformed(SignInStep step)
    {
        Log.StepFormRefused(logger, SignInSteps.Name(step), "no readable ticket (ESIA state)");
        return new SignInAnswer.Expired(step, OtherBrowser: false);
    }

    private static SignInAnswer.Refused Refused(SignInRefusal refusal, RefusalPage page, string? variant) => new(refusal, page, variant);
}
