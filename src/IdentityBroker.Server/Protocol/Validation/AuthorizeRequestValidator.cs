using IdentityBroker.Core.Protocol;
using IdentityBroker.Server.Protocol.Dpop;
using IdentityBroker.Server.Regions;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Protocol.Validation;

/// <summary>
/// Validates <c>/connect/authorize</c> (OIDC Core §3.1.2.1, RFC 7636, RFC 9700): exact redirect URI, code flow only,
/// <c>openid</c> scope, PKCE S256 (required for public clients and where the client demands it, accepted for all),
/// response_mode query or form_post. Unknown parameters are ignored (conformance
/// <c>oidcc-ensure-request-with-unknown-parameter-succeeds</c>). The same checks apply to a pushed request (RFC 9126 §2.1)
/// through <see cref="ValidateFor"/>, after the client has authenticated at <c>/connect/par</c>.
/// </summary>
internal sealed class AuthorizeRequestValidator(RegionCatalog catalog)
{
    private static readonly string[] SingleValued =
    [
        OpenIdConnectParameterNames.ClientId, OpenIdConnectParameterNames.RedirectUri, OpenIdConnectParameterNames.ResponseType,
        OpenIdConnectParameterNames.Scope, OpenIdConnectParameterNames.State, OpenIdConnectParameterNames.Nonce,
        ProtocolNames.Parameters.CodeChallenge, ProtocolNames.Parameters.CodeChallengeMethod, OpenIdConnectParameterNames.ResponseMode,
        OpenIdConnectParameterNames.Prompt, OpenIdConnectParameterNames.MaxAge, OpenIdConnectParameterNames.LoginHint,
        OpenIdConnectParameterNames.UiLocales, ProtocolNames.Parameters.Region, ProtocolNames.Parameters.DpopJkt,
    ];

    /// <summary>A front-channel request to <c>/connect/authorize</c>, sent without PAR.</summary>
    public AuthorizeValidationResult Validate(IReadOnlyDictionary<string, string[]> p)
    {
        var clientId = One(p, OpenIdConnectParameterNames.ClientId);
        var client = catalog.FindClient(clientId);
        if (p.TryGetValue(OpenIdConnectParameterNames.ClientId, out var ids) && ids.Length > 1)
        {
            return new AuthorizeFatalError(OAuthErrors.InvalidRequest, "client_id is repeated; send it once (RFC 6749 §3.1).");
        }

        if (client is null)
        {
            return new AuthorizeFatalError(OAuthErrors.InvalidClient, clientId is null ? "client_id is missing." : "Unknown client_id.");
        }

        return ValidateFor(client, p, pushed: false);
    }

    /// <summary>
    /// The parameters of an authorization request of a known <paramref name="client"/>; <paramref name="pushed"/> when they
    /// came to <c>/connect/par</c> from the authenticated client (RFC 9126 §2.1).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "One injected validator serves authorize and PAR; static would split the API of one rule set.")]
    public AuthorizeValidationResult ValidateFor(RegisteredClient client, IReadOnlyDictionary<string, string[]> p, bool pushed)
    {
        var redirectUri = One(p, OpenIdConnectParameterNames.RedirectUri);
        var redirectRepeated = p.TryGetValue(OpenIdConnectParameterNames.RedirectUri, out var r) && r.Length > 1;
        if (redirectUri is null || !client.HasRedirectUri(redirectUri) || redirectRepeated)
        {
            return new AuthorizeFatalError(OAuthErrors.InvalidRequest, redirectRepeated
                ? "redirect_uri is repeated; send it once (RFC 6749 §3.1)."
                : redirectUri is null
                ? "redirect_uri is missing."
                : "redirect_uri is not registered for this client (exact match required).");
        }

        var state = One(p, OpenIdConnectParameterNames.State);
        var responseMode = One(p, OpenIdConnectParameterNames.ResponseMode) ?? OpenIdConnectResponseMode.Query;
        if (responseMode is not (OpenIdConnectResponseMode.Query or OpenIdConnectResponseMode.FormPost))
        {
            return Fail(OpenIdConnectResponseMode.Query, OAuthErrors.InvalidRequest, "response_mode must be query or form_post.");
        }

        AuthorizeValidationResult Fail(string mode, string error, string description)
            => new AuthorizeRedirectError(redirectUri, mode, state, client.ClientId, error, description);

        // RFC 6749 §3.1: no parameter may repeat, known or not (RequestParameters reports it; answered here by redirect)
        if ((SingleValued.FirstOrDefault(k => p.TryGetValue(k, out var v) && v.Length > 1) ?? p.FirstOrDefault(kv => kv.Value.Length > 1).Key) is { } duplicated)
        {
            return Fail(responseMode, OAuthErrors.InvalidRequest, $"Parameter {duplicated} is repeated.");
        }

        // R-REGION-2: a shared client's region comes from this parameter (else browser or list, Interaction/RegionChoice.cs); a
        // value the client does not serve is an error page, never a redirect. A region-fixed client ignores the parameter.
        var regionCode = client.RegionCode;
        if (client.IsShared && One(p, ProtocolNames.Parameters.Region) is { } requestedRegion)
        {
            if (!client.AllowsRegion(requestedRegion))
            {
                return new AuthorizeFatalError(OAuthErrors.InvalidRequest, "region is not a region code this client serves.");
            }

            regionCode = requestedRegion;
        }

        if (p.ContainsKey(ProtocolNames.Parameters.Request))
        {
            return Fail(responseMode, OAuthErrors.RequestNotSupported, "Request objects are not supported.");
        }

        if (!pushed && client.RequirePushedAuthorizationRequests)
        {
            // RFC 9126 §5 (require_pushed_authorization_requests): the request must come by request_uri
            return Fail(responseMode, OAuthErrors.InvalidRequest, "This client must send its authorization requests by PAR (RFC 9126).");
        }

        if (p.ContainsKey(OpenIdConnectParameterNames.RequestUri))
        {
            // a request_uri is answered by AuthorizeEndpoint before validation; pushing one is refused (RFC 9126 §2.1)
            return Fail(responseMode, OAuthErrors.InvalidRequest, "request_uri cannot be part of an authorization request's parameters.");
        }

        var dpopJkt = One(p, ProtocolNames.Parameters.DpopJkt);
        if (dpopJkt is not null && !JwkThumbprint.IsWellFormed(dpopJkt))
        {
            return Fail(responseMode, OAuthErrors.InvalidRequest, "dpop_jkt must be a base64url JWK SHA-256 thumbprint (RFC 9449 §10).");
        }

        var responseType = One(p, OpenIdConnectParameterNames.ResponseType);
        if (responseType is null)
        {
            return Fail(responseMode, OAuthErrors.InvalidRequest, "response_type is missing.");
        }

        if (responseType != OpenIdConnectResponseType.Code)
        {
            return Fail(responseMode, OAuthErrors.UnsupportedResponseType, "Only response_type=code is supported.");
        }

        var scopes = (One(p, OpenIdConnectParameterNames.Scope) ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (!scopes.Contains(OpenIdConnectScope.OpenId))
        {
            return Fail(responseMode, OAuthErrors.InvalidScope, "The openid scope is required.");
        }

        if (scopes.FirstOrDefault(s => !client.AllowedScopes.Contains(s)) is { } notAllowed)
        {
            return Fail(responseMode, OAuthErrors.InvalidScope, $"Scope {notAllowed} is not allowed for this client.");
        }

        var challenge = One(p, ProtocolNames.Parameters.CodeChallenge);
        var method = One(p, ProtocolNames.Parameters.CodeChallengeMethod);
        if (challenge is null && client.RequirePkce)
        {
            return Fail(responseMode, OAuthErrors.InvalidRequest, "code_challenge is required (PKCE, RFC 7636).");
        }

        if (challenge is not null)
        {
            if ((method ?? ProtocolNames.CodeChallengeMethods.Plain) != ProtocolNames.CodeChallengeMethods.S256)
            {
                return Fail(responseMode, OAuthErrors.InvalidRequest, "code_challenge_method must be S256.");
            }

            if (!Pkce.IsWellFormedChallenge(challenge))
            {
                return Fail(responseMode, OAuthErrors.InvalidRequest, "code_challenge must be 43 base64url characters.");
            }
        }
        else if (method is not null)
        {
            return Fail(responseMode, OAuthErrors.InvalidRequest, "code_challenge_method without code_challenge.");
        }

        var prompt = One(p, OpenIdConnectParameterNames.Prompt);
        var prompts = (prompt ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (prompts.Any(x => x is not (OpenIdConnectPrompt.None or OpenIdConnectPrompt.Login or OpenIdConnectPrompt.Consent or OpenIdConnectPrompt.SelectAccount)) || (prompts.Contains(OpenIdConnectPrompt.None) && prompts.Length > 1))
        {
            return Fail(responseMode, OAuthErrors.InvalidRequest, "prompt must be none, login, consent or select_account; none cannot be combined.");
        }

        int? maxAge = null;
        if (One(p, OpenIdConnectParameterNames.MaxAge) is { } maxAgeText)
        {
            if (!int.TryParse(maxAgeText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                return Fail(responseMode, OAuthErrors.InvalidRequest, "max_age must be a non-negative integer.");
            }

            maxAge = parsed;
        }

        return new AuthorizeValid(new AuthorizationRequest(
            client.ClientId, redirectUri, string.Join(' ', scopes), state, One(p, OpenIdConnectParameterNames.Nonce), challenge, challenge is null ? null : ProtocolNames.CodeChallengeMethods.S256,
            responseMode, prompt, maxAge, One(p, OpenIdConnectParameterNames.LoginHint), One(p, OpenIdConnectParameterNames.UiLocales), regionCode, dpopJkt));
    }

    private static string? One(IReadOnlyDictionary<string, string[]> p, string key) =>
        p.TryGetValue(key, out var values) && values.Length > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
