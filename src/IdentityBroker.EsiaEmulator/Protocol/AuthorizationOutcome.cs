namespace IdentityBroker.EsiaEmulator.Protocol;

/// <summary>
/// Result of checking an ac request: accepted, an error that goes back to the client's redirect_uri, or an error that
/// can only be shown on an ESIA page (client or redirect_uri cannot be trusted).
/// </summary>
internal sealed record AuthorizationOutcome(AuthorizationRequest? Request, EsiaError? Error, string? RedirectUri, string? State)
{
    public bool IsAccepted => Request is not null;

    public bool CanRedirect => Error is not null && RedirectUri is not null;

    public static AuthorizationOutcome Accepted(AuthorizationRequest request) => new(request, null, null, null);

    public static AuthorizationOutcome ErrorPage(EsiaError error) => new(null, error, null, null);

    public static AuthorizationOutcome ErrorRedirect(EsiaError error, string redirectUri, string? state) =>
        new(null, error, redirectUri, state);
}
