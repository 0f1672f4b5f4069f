using IdentityBroker.EsiaEmulator.Clients;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityBroker.EsiaEmulator.Pages;

/// <summary>
/// <c>GET /idp/ext/Logout?client_id=…&amp;redirect_url=…</c> (ESIA.md §5): 400 without client_id, 403 for an unknown
/// system; redirects only to a URL under a registered prefix, otherwise the user stays on an ESIA page.
/// </summary>
public sealed class LogoutModel : PageModel
{
    public string? ErrorText { get; private set; }

    public IActionResult OnGet([FromQuery(Name = "client_id")] string? clientId, [FromQuery(Name = "redirect_url")] string? redirectUrl)
    {
        if (string.IsNullOrEmpty(clientId))
        {
            return ErrorPage(StatusCodes.Status400BadRequest, "Не указан обязательный параметр client_id.");
        }

        var client = HttpContext.RequestServices.GetRequiredService<ClientRegistry>().Find(clientId);
        if (client is null)
        {
            return ErrorPage(StatusCodes.Status403Forbidden, "Система не зарегистрирована в ЕСИА.");
        }

        return !string.IsNullOrEmpty(redirectUrl) && client.AllowsRedirect(redirectUrl) ? Redirect(redirectUrl) : Page();
    }

    private PageResult ErrorPage(int status, string text)
    {
        ErrorText = text;
        Response.StatusCode = status;
        return Page();
    }
}
