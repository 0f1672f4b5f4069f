using IdentityBroker.EsiaEmulator.Clients;
using IdentityBroker.EsiaEmulator.Configuration;
using IdentityBroker.EsiaEmulator.Personas;
using IdentityBroker.EsiaEmulator.Protocol;
using IdentityBroker.EsiaEmulator.Tokens;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IdentityBroker.EsiaEmulator.Pages;

/// <summary>The access request page: "&lt;system&gt; запрашивает доступ к данным"; grant issues a code, refusal ESIA-007004.</summary>
public sealed class AccessModel : PageModel
{
    public string? Tx { get; private set; }

    public bool Expired { get; private set; }

    public string SystemName { get; private set; } = "";

    public string PersonaLabel { get; private set; } = "";

    public IReadOnlyList<string> ScopeNames { get; private set; } = [];

    public IActionResult OnGet(string? tx)
    {
        var transaction = FindChosen(tx);
        if (transaction is null)
        {
            return ExpiredPage();
        }

        Tx = tx;
        SystemName = Service<ClientRegistry>().Find(transaction.Request.ClientId)!.SystemName;
        PersonaLabel = Service<PersonaCatalog>().FindByKey(transaction.PersonaKey!)!.Label;
        ScopeNames = transaction.Request.Scopes.Select(ScopeCatalog.RussianName).ToList();
        return Page();
    }

    public IActionResult OnPost(string? tx, string? decision)
    {
        var transaction = FindChosen(tx);
        if (transaction is null)
        {
            return ExpiredPage();
        }

        if (decision is not ("grant" or "deny"))
        {
            return BadRequest();
        }

        Service<LoginTransactionStore>().Finish(transaction.Id);
        var request = transaction.Request;
        var persona = Service<PersonaCatalog>().FindByKey(transaction.PersonaKey!)!;
#pragma warning disable CA1873 // the emulator's page handlers resolve their logger per request; once per simulated sign-in
        Log.LoginCompleted(Service<ILogger<AccessModel>>(), request.ClientId, persona.Oid, decision);
#pragma warning restore CA1873
        if (decision == "deny")
        {
            return Redirect(ClientRedirect.WithError(request.RedirectUri, EsiaError.AccessDenied, request.State));
        }

        var lifetime = TimeSpan.FromSeconds(Service<IOptions<EmulatorOptions>>().Value.CodeLifetimeSeconds);
        var grant = new CodeGrant(request, persona.Oid, Guid.NewGuid().ToString(), transaction.AuthTime!.Value,
            Service<TimeProvider>().GetUtcNow() + lifetime);
        var code = Service<TokenIssuer>().CreateCode(grant, persona);
        Service<AuthorizationCodeStore>().Add(code, grant);
        return Redirect(ClientRedirect.WithCode(request.RedirectUri, code, request.State));
    }

    private T Service<T>()
        where T : notnull => HttpContext.RequestServices.GetRequiredService<T>();

    private LoginTransaction? FindChosen(string? tx) =>
        Service<LoginTransactionStore>().Find(tx) is { PersonaKey: not null } transaction ? transaction : null;

    private PageResult ExpiredPage()
    {
        Expired = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
