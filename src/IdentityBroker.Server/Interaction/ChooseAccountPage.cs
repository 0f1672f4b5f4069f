using IdentityBroker.Core.Directory;
using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityBroker.Server.Interaction;

internal static class ChooseAccountPage
{
    public static IResult Render(string protectedChoice, IReadOnlyList<DiaryAccount> accounts) =>
        new NoStoreResult(new RazorComponentResult<ChooseAccountView>(new Dictionary<string, object?>
        {
            [nameof(ChooseAccountView.Choice)] = protectedChoice,
            [nameof(ChooseAccountView.Accounts)] = accounts,
        }));
}
