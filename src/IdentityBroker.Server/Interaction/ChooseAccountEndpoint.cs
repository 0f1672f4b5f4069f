using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Ui;

namespace IdentityBroker.Server.Interaction;

/// <summary><c>POST /signin/choose</c>: the user picked one of several diary accounts (R-MATCH-5).</summary>
internal static class ChooseAccountEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost(ProtocolRoutes.ChooseAccount, HandleAsync).DisableAntiforgery(); // bound to the browser and single-use instead: see FormStatePurpose.AccountChoice

    private static async Task<IResult> HandleAsync(
        HttpContext context, ProtectedFormState<PendingAccountChoice> forms, IDiaryDirectory directory, SignInFlow flow, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType)
        {
            return Expired();
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var accountId = form["account"].ToString();
        // Single use: a replayed choice (any replica) reads as expired; one from another browser or for a non-candidate does not use it up.
        var choice = await forms.ConsumeAsync(
            form["choice"], c => BrowserBinding.Matches(context, c.BrowserBindingHash) && c.CandidateIds.Contains(accountId, StringComparer.Ordinal), cancellationToken);
        if (choice is null)
        {
            return Expired();
        }

        var proven = new List<DiaryAccount>();
        foreach (var id in choice.CandidateIds)
        {
            if (await directory.GetAsync(choice.Request.RegionCode, id, cancellationToken) is { } account)
            {
                proven.Add(account);
            }
        }

        var chosen = proven.FirstOrDefault(a => a.Id == accountId);
        if (chosen is null || !Core.SignIn.Rules.AccountStatusRule.IsUsable(chosen))
        {
            return Expired();
        }

        return await flow.EnterAsync(context, choice.Request, proven, chosen, choice.LinkMethod, choice.RuleId, choice.Authentication, cancellationToken);
    }

    private static IResult Expired() => ErrorPages.BadRequest(
        "Сеанс входа устарел",
        "Выбор учётной записи недействителен: он устарел или открыт в другом браузере.",
        "Вернитесь на сайт электронного дневника и начните вход заново.",
        "invalid_choice",
        "The account choice is missing, expired, already used, tampered with, or bound to another browser.");
}
