using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Regions;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityBroker.Server.Logout;

/// <param name="Hint">The valid <c>id_token_hint</c>, or null when absent or invalid.</param>
/// <param name="ClientId">The registered client the request is from (from a valid hint, else a registered <c>client_id</c>), or null.</param>
/// <param name="ReturnUrl">Where to send the browser at the end: the registered <c>post_logout_redirect_uri</c> with <c>state</c>, or null (no redirect).</param>
/// <param name="Error">Set when the request contradicts itself; nothing is ended then.</param>
internal sealed record EndSessionRequest(IdTokenHint? Hint, string? ClientId, string? ReturnUrl, string? Error);

/// <summary>
/// Validates an end-session request (OIDC RP-Initiated Logout 1.0 §2, §3). The browser is redirected back ONLY with a valid
/// <c>id_token_hint</c> and a <c>post_logout_redirect_uri</c> registered for the hint's client, compared exactly (§3;
/// conformance: no redirect for an unregistered URI, a query added, an alg none or foreign-key hint, or no hint at all).
/// <c>ui_locales</c> is accepted and ignored: the broker's pages are Russian only (discovery: ui_locales_supported ru-RU).
/// </summary>
internal sealed class EndSessionRequestValidator(IdTokenHintValidator hints, RegionCatalog catalog, ILogger<EndSessionRequestValidator> logger)
{
    public async Task<EndSessionRequest> ValidateAsync(IReadOnlyDictionary<string, string[]> p, CancellationToken cancellationToken)
    {
        var hintText = p.One("id_token_hint");
        var hint = await hints.ValidateAsync(hintText, cancellationToken);
        if (hint is null && p.ContainsKey("id_token_hint"))
        {
            Log.InvalidIdTokenHint(logger);
        }

        var clientId = p.One("client_id");
        if (hint is not null && clientId is not null && !string.Equals(clientId, hint.Client.ClientId, StringComparison.Ordinal))
        {
            // §2: "the OP MUST verify that [client_id] matches the one used when issuing the ID Token".
            return new EndSessionRequest(null, null, null, "client_id does not match the audience of id_token_hint.");
        }

        var client = hint?.Client ?? catalog.FindClient(clientId);
        string? returnUrl = null;
        if (p.ContainsKey("post_logout_redirect_uri"))
        {
            var redirect = p.One("post_logout_redirect_uri");
            if (hint is null)
            {
                Log.PostLogoutRedirectRefused(logger, client?.ClientId, "no valid id_token_hint");
            }
            else if (redirect is null || !hint.Client.PostLogoutRedirectUris.Contains(redirect, StringComparer.Ordinal))
            {
                Log.PostLogoutRedirectRefused(logger, hint.Client.ClientId, "post_logout_redirect_uri is not registered for the client");
            }
            else
            {
                var state = p.One("state");
                returnUrl = state is null ? redirect : QueryHelpers.AddQueryString(redirect, "state", state); // §3: state returned
            }
        }

        return new EndSessionRequest(hint, client?.ClientId, returnUrl, null);
    }
}
