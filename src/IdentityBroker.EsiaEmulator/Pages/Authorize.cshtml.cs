using IdentityBroker.EsiaEmulator.Protocol;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityBroker.EsiaEmulator.Pages;

/// <summary>
/// <c>GET /aas/oauth2/v2/ac</c>: checks the request, then starts the login or reports the error. Page models are public
/// (Razor needs that), so the internal services are taken from the request's service provider.
/// </summary>
public sealed class AuthorizeModel : PageModel
{
    public string? ErrorCode { get; private set; }

    public string? ErrorDescription { get; private set; }

    public IActionResult OnGet()
    {
        var services = HttpContext.RequestServices;
        var outcome = services.GetRequiredService<AuthorizationRequestValidator>().Validate(new RequestParameters(Request.Query));
        if (outcome.IsAccepted && services.GetRequiredService<Faults.FaultState>().Current is { CallbackError: { } code } faults
            && faults.AppliesTo(outcome.Request!.ClientId) && EsiaError.ForCode(code) is { } injected)
        {
            // The callbackError fault: ESIA refuses a valid request with this code, back at the client's redirect URI.
            return Redirect(ClientRedirect.WithError(outcome.Request.RedirectUri, injected, outcome.Request.State));
        }

        if (outcome.IsAccepted)
        {
            var transaction = services.GetRequiredService<LoginTransactionStore>().Start(outcome.Request!);
            return Redirect($"{Request.PathBase}/login?tx={transaction.Id}");
        }

        var error = outcome.Error!;
#pragma warning disable CA1873 // once per refused request to the emulator
        Log.AuthorizationRejected(services.GetRequiredService<ILogger<AuthorizeModel>>(),
            Request.Query["client_id"].FirstOrDefault() ?? "-", error.Code);
#pragma warning restore CA1873
        if (outcome.CanRedirect)
        {
            return Redirect(ClientRedirect.WithError(outcome.RedirectUri!, error, outcome.State));
        }

        ErrorCode = error.Code;
        ErrorDescription = error.Description;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
