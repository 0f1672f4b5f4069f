using IdentityBroker.Core.Stores;
using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Interaction;
using IdentityBroker.Core.SignIn.Rules;

namespace IdentityBroker.Server.Interaction.Steps;

/// <summary>
/// R-MATCH-5: several diary accounts matched; the person picks one («Выберите учётную запись»). Every candidate is proven
/// and linked (so the choice can change at the next sign-in); the chosen one, still usable (R-MATCH-8), is entered.
/// </summary>
internal sealed class ChooseAccountStep(IDiaryDirectory directory) : ISignInStep, IFormStep<string>
{
    public SignInStep Step => SignInStep.ChooseAccount;

    public async Task<StepOutcome> EnterAsync(SignInContext context, CancellationToken cancellationToken)
    {
        var progress = context.Progress;
        if (progress.ChosenAccountId is not null || progress.Choices.Count == 0)
        {
            return new StepOutcome.Next(progress);
        }

        var accounts = context.Found.Count > 0 ? context.Found : await LoadAsync(context, cancellationToken);
        return new StepOutcome.Wait(Step, progress, new ChooserPage(accounts));
    }

    /// <param name="answer">The diary account id posted.</param>
    public async Task<StepOutcome> AnswerAsync(SignInContext context, string answer, CancellationToken cancellationToken)
    {
        var progress = context.Progress;
        var proven = await LoadAsync(context, cancellationToken);
        if (!progress.Choices.Contains(answer, StringComparer.Ordinal))
        {
            return new StepOutcome.Wait(Step, progress, new ChooserPage(proven)); // not a candidate: the list again
        }

        if (proven.FirstOrDefault(a => a.Id == answer) is not { } chosen || !AccountStatusRule.IsUsable(chosen))
        {
            return new StepOutcome.Stale("the chosen diary account is gone or no longer usable");
        }

        context.Chosen = chosen;
        return new StepOutcome.Next(progress with { Proven = proven.Select(a => a.Id).ToList(), ChosenAccountId = chosen.Id });
    }

    private async Task<List<DiaryAccount>> LoadAsync(SignInContext context, CancellationToken cancellationToken)
    {
        var accounts = new List<DiaryAccount>();
        foreach (var id in context.Progress.Choices)
        {
            if (await directory.GetAsync(context.Request.RegionCode, id, cancellationToken) is { } account)
            {
                accounts.Add(account);
            }
        }

        return accounts;
    }
}
