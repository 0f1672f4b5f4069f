using System.Globalization;
using IdentityBroker.Core.Protocol;
using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Regions;
using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// R-REGION-2: the region of a sign-in. A region-fixed client's request keeps its client's region (today's behaviour). For
/// a client shared by regions, in this order: the <c>region</c> request parameter (already validated by
/// <see cref="Protocol.Validation.AuthorizeRequestValidator"/>); else the region remembered for this browser
/// (<see cref="RegionChoiceCookie"/>), unless <c>prompt=select_account</c> asks to change it; else the region list page
/// ("Выберите регион"), which continues the same request through <see cref="RegionChoiceEndpoint"/>.
/// </summary>
internal sealed class RegionChoice(RegionCatalog catalog, ProtectedFormState<PendingRegionChoice> protector, AuthorizationCodeIssuer codes)
{
    /// <summary>OIDC Core §3.1.2.6: prompt=none, but the user would have to pick the region.</summary>
    private const string InteractionRequired = "interaction_required";

    private static readonly StringComparer ByName = StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), ignoreCase: true);

    /// <summary>The request with its region, or the answer to give instead (the list page, or an error for prompt=none).</summary>
    public RegionChoiceOutcome Resolve(HttpContext context, AuthorizationRequest request)
    {
        if (request.RegionCode != RegisteredClient.SharedRegion || catalog.FindClient(request.ClientId) is not { IsShared: true } client)
        {
            return new RegionChoiceOutcome(request, null);
        }

        var prompts = (request.Prompt ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var remembered = RegionChoiceCookie.Read(context, client);
        if (remembered is not null && !prompts.Contains("select_account"))
        {
            return new RegionChoiceOutcome(request with { RegionCode = remembered }, null);
        }

        if (prompts.Contains("none"))
        {
            return new RegionChoiceOutcome(null, codes.Error(request, InteractionRequired, "The user must choose the region."));
        }

        var choice = protector.Protect(new PendingRegionChoice(request, BrowserBinding.GetOrCreateHash(context)));
        return new RegionChoiceOutcome(null, Page(client, choice, remembered));
    }

    /// <summary>The list page: every region the client serves as a button, sorted by name; the remembered one marked.</summary>
    public IResult Page(RegisteredClient client, string protectedChoice, string? current)
    {
        var regions = client.SharedRegionCodes
            .Select(code => catalog.FindRegion(code)?.Region)
            .OfType<Core.Regions.Region>()
            .OrderBy(r => r.Name, ByName)
            .Select(r => new RegionChoiceItem(r.Code, r.Name))
            .ToList();
        return new NoStoreResult(new RazorComponentResult<RegionChoiceView>(new Dictionary<string, object?>
        {
            [nameof(RegionChoiceView.Choice)] = protectedChoice,
            [nameof(RegionChoiceView.ClientName)] = client.DisplayName,
            [nameof(RegionChoiceView.Regions)] = regions,
            [nameof(RegionChoiceView.Current)] = current,
        }));
    }
}
