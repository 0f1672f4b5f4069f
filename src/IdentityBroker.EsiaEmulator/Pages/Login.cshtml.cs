using IdentityBroker.EsiaEmulator.Personas;
using IdentityBroker.EsiaEmulator.Protocol;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityBroker.EsiaEmulator.Pages;

/// <summary>The login page: lists the test personas; choosing one continues to the access request page.</summary>
public sealed class LoginModel : PageModel
{
    public string? Tx { get; private set; }

    public bool Expired { get; private set; }

    public IReadOnlyList<PersonaRecord> Personas { get; private set; } = [];

    public IActionResult OnGet(string? tx)
    {
        if (Transactions.Find(tx) is null)
        {
            return ExpiredPage();
        }

        Tx = tx;
        Personas = HttpContext.RequestServices.GetRequiredService<PersonaCatalog>().All;
        return Page();
    }

    public IActionResult OnPost(string? tx, string? persona)
    {
        var transaction = Transactions.Find(tx);
        if (transaction is null)
        {
            return ExpiredPage();
        }

        var chosen = persona is null ? null : HttpContext.RequestServices.GetRequiredService<PersonaCatalog>().FindByKey(persona);
        if (chosen is null)
        {
            return BadRequest();
        }

        if (chosen.Blocked)
        {
            Transactions.Finish(transaction.Id);
#pragma warning disable CA1873 // once per simulated sign-in of a blocked persona
            Log.LoginCompleted(HttpContext.RequestServices.GetRequiredService<ILogger<LoginModel>>(),
                transaction.Request.ClientId, chosen.Oid, "blocked");
#pragma warning restore CA1873
            return Redirect(ClientRedirect.WithError(transaction.Request.RedirectUri, EsiaError.AccountBlocked, transaction.Request.State));
        }

        transaction.PersonaKey = chosen.Key;
        transaction.AuthTime = HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return Redirect($"{Request.PathBase}/access?tx={transaction.Id}");
    }

    private LoginTransactionStore Transactions => HttpContext.RequestServices.GetRequiredService<LoginTransactionStore>();

    private PageResult ExpiredPage()
    {
        Expired = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
