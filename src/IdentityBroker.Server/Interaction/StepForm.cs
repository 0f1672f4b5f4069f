using Microsoft.AspNetCore.Antiforgery;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// Reads a posted step form: a form body only, within the server's form limits; with <paramref name="antiforgery"/>, only
/// when its token is valid (the broker has no antiforgery middleware; forms that take a password or act on consent
/// validate it here). Null for anything else — the step's "expired" page, never a 500.
/// </summary>
internal static class StepForm
{
    public static async Task<IFormCollection?> ReadAsync(HttpContext context, CancellationToken cancellationToken, IAntiforgery? antiforgery = null)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            if (antiforgery is not null && !await antiforgery.IsRequestValidAsync(context))
            {
                return null;
            }

            return await context.Request.ReadFormAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return null; // a malformed or oversized body
        }
    }
}
