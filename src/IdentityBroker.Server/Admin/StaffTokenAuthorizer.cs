using System.Net.Http.Headers;
using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Protocol.Dpop;
using IdentityBroker.Server.Protocol.Tokens;
using IdentityBroker.Server.Regions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Admin;

/// <summary>A staff service client allowed to use the diagnostics API, and the one region it may query.</summary>
internal sealed record StaffCaller(string ClientId, string RegionCode);

/// <summary>
/// R-ERR-1 authorisation of the staff API: an access token this broker issued by client_credentials (<c>sub</c> =
/// <c>client_id</c>, no user session) to a service client of a region that is still registered with the
/// <c>diagnostics</c> scope, presented as <c>Bearer</c> (or <c>DPoP</c> with a proof, RFC 9449 §7.1) and checked by
/// <see cref="AccessTokenValidator"/> (signature, issuer, audience, lifetime, revocation). Region-scoped: the token's
/// <c>region</c> claim is the only region the caller may query. Failures: 401 (no or bad token) or 403 (RFC 6750 §3.1
/// insufficient_scope), each with <c>WWW-Authenticate</c>.
/// </summary>
internal sealed class StaffTokenAuthorizer(AccessTokenValidator validator, DpopProofValidator dpop, RegionCatalog catalog)
{
    public const string Scope = RegionFileValidator.DiagnosticsScope;

    public Task<(StaffCaller? Caller, IResult? Failure)> AuthorizeAsync(HttpContext context, string route, CancellationToken cancellationToken) =>
        AuthorizeAsync(context, route, Scope, cancellationToken);

    /// <summary>The same check for another service scope of a region, e.g. <c>directory</c> (docs/directory-sync.md).</summary>
    public async Task<(StaffCaller? Caller, IResult? Failure)> AuthorizeAsync(HttpContext context, string route, string scope, CancellationToken cancellationToken)
    {
        if (!AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization.ToString(), out var header) ||
            string.IsNullOrEmpty(header.Parameter) ||
            !(header.Scheme.Equals(ProtocolNames.TokenTypes.Bearer, StringComparison.OrdinalIgnoreCase) || header.Scheme.Equals(DpopConstants.Scheme, StringComparison.OrdinalIgnoreCase)))
        {
            return (null, Unauthorized(scope, null, $"An access token with the {scope} scope is required (Authorization: Bearer)."));
        }

        var token = header.Parameter;
        string? proofJkt = null;
        if (header.Scheme.Equals(DpopConstants.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            var proof = await dpop.ValidateAsync(context.Request, route, token, cancellationToken);
            if (proof.Jkt is null)
            {
                return (null, Unauthorized(scope, DpopConstants.InvalidDpopProof, "The DPoP proof is missing or invalid."));
            }

            proofJkt = proof.Jkt;
        }

        var identity = await validator.ValidatePresentedAsync(token, proofJkt, cancellationToken);
        if (identity is null)
        {
            return (null, Unauthorized(scope, OAuthErrors.InvalidToken, "The access token is invalid, expired or revoked."));
        }

        var clientId = identity.FindFirst(ProtocolNames.Claims.ClientId)?.Value;
        var region = identity.FindFirst(ProtocolNames.Claims.Region)?.Value;
        var scopes = (identity.FindFirst(ProtocolNames.Claims.Scope)?.Value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var isClientToken = clientId is not null && identity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value == clientId && identity.FindFirst(JwtRegisteredClaimNames.Sid) is null;
        if (!isClientToken || region is null || !scopes.Contains(scope, StringComparer.Ordinal) ||
            catalog.FindClient(clientId) is not { IsShared: false } client || client.RegionCode != region || !client.AllowedScopes.Contains(scope))
        {
            return (null, Forbidden(scope, $"The token must be a client_credentials token of a region's service client with the {scope} scope."));
        }

        return (new StaffCaller(client.ClientId, region), null);
    }

    /// <summary>403 for a region the caller's token is not for.</summary>
    public static IResult WrongRegion(StaffCaller caller, string scope = Scope) =>
        Forbidden(scope, $"This token is for region {caller.RegionCode}; it cannot query another region.");

    private static Challenge Unauthorized(string scope, string? error, string description)
    {
        var bearer = "Bearer realm=\"IdentityBroker\", scope=\"" + scope + "\"" + (error is null or DpopConstants.InvalidDpopProof ? string.Empty : $", error=\"{error}\"");
        var body = new Dictionary<string, string> { [OpenIdConnectParameterNames.Error] = error ?? OAuthErrors.InvalidRequest, [OpenIdConnectParameterNames.ErrorDescription] = description };
        return new Challenge(StatusCodes.Status401Unauthorized, body, [bearer, $"DPoP algs=\"{string.Join(' ', DpopConstants.Algorithms)}\"" + (error is null ? string.Empty : $", error=\"{error}\"")]);
    }

    private static Challenge Forbidden(string scope, string description) => new Challenge(
        StatusCodes.Status403Forbidden,
        new Dictionary<string, string> { [OpenIdConnectParameterNames.Error] = OAuthErrors.InsufficientScope, [OpenIdConnectParameterNames.ErrorDescription] = description },
        [$"Bearer realm=\"IdentityBroker\", error=\"{OAuthErrors.InsufficientScope}\", scope=\"{scope}\""]);

    /// <summary>A JSON error with one or more <c>WWW-Authenticate</c> challenges, never cached.</summary>
    private sealed class Challenge(int status, Dictionary<string, string> body, string[] challenges) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.Headers.WWWAuthenticate = challenges;
            response.Headers.CacheControl = "no-store";
            await response.WriteAsJsonAsync(body);
        }
    }
}
