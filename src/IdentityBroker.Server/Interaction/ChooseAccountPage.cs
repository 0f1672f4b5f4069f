using IdentityBroker.Core.Directory;
using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityBroker.Server.Interaction;

/// <summary>Renders <see cref="ChooseAccountView"/> (R-MATCH-5) with the step's ticket.</summary>
internal static class ChooseAccountPage
{
    public static IResult Render(string ticket, IReadOnlyList<DiaryAccount> accounts) =>
        new NoStoreResult(new RazorComponentResult<ChooseAccountView>(new Dictionary<string, object?>
        {
            [nameof(ChooseAccountView.Choice)] = ticket,
            [nameof(ChooseAccountView.Accounts)] = accounts,
        }));
}
