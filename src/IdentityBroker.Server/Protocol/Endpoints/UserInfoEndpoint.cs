using System.Net.Http.Headers;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Protocol.Dpop;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Protocol.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Protocol.Endpoints;

/// <summary>
/// <c>/connect/userinfo</c> (OIDC Core §5.3), GET and POST, bearer token in the header or (POST) the form body (RFC 6750 §2),
/// or a DPoP-bound token as <c>Authorization: DPoP</c> with a proof carrying <c>ath</c> (RFC 9449 §7.1).
/// Claims per R-TOKEN-2, read from the diary directory at call time.
/// </summary>
internal static class UserInfoEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapMethods(ProtocolRoutes.UserInfo, [HttpMethods.Get, HttpMethods.Post], HandleAsync).DisableAntiforgery();

    private static async Task<IResult> HandleAsync(
        HttpContext context, AccessTokenValidator validator, DpopProofValidator dpop, IDiaryDirectory directory, CancellationToken cancellationToken)
    {
        // RFC 6750 §2 and RFC 6749 §3.1: one parameter reader; repeated or malformed parameters and a token sent two ways are invalid_request
        var read = await RequestParameters.ReadAsync(context.Request, cancellationToken);
        if (read.Problem is { } problem)
        {
            return InvalidRequest(problem);
        }

        var bodyToken = read.Parameters?.One(OpenIdConnectParameterNames.AccessToken);
        string? token = null;
        var dpopScheme = false;
        if (AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization.ToString(), out var header) &&
            header.Scheme is var scheme && (scheme.Equals(ProtocolNames.TokenTypes.Bearer, StringComparison.OrdinalIgnoreCase) || scheme.Equals(DpopConstants.Scheme, StringComparison.OrdinalIgnoreCase)))
        {
            if (bodyToken is not null)
            {
                return InvalidRequest("The access token was sent both in the Authorization header and in the body; use one method (RFC 6750 §2).");
            }

            token = header.Parameter;
            dpopScheme = scheme.Equals(DpopConstants.Scheme, StringComparison.OrdinalIgnoreCase);
        }
        else if (HttpMethods.IsPost(context.Request.Method))
        {
            token = bodyToken;
        }

        if (string.IsNullOrEmpty(token))
        {
            return Unauthorized(null);
        }

        string? proofJkt = null;
        if (dpopScheme)
        {
            // RFC 9449 §7.1: the proof must be by the token's key and carry ath = hash of this token
            var proof = await dpop.ValidateAsync(context.Request, ProtocolRoutes.UserInfo, token, cancellationToken);
            if (proof.Jkt is null)
            {
                return Unauthorized(DpopConstants.InvalidDpopProof);
            }

            proofJkt = proof.Jkt;
        }

        var identity = await validator.ValidatePresentedAsync(token, proofJkt, cancellationToken);
        var sub = identity?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        var region = identity?.FindFirst(ProtocolNames.Claims.Region)?.Value;
        var scopes = (identity?.FindFirst(ProtocolNames.Claims.Scope)?.Value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        if (identity is null || sub is null || region is null || !scopes.Contains(OpenIdConnectScope.OpenId))
        {
            return Unauthorized(OAuthErrors.InvalidToken);
        }

        if (await directory.GetAsync(region, sub, cancellationToken) is not { } account)
        {
            return Unauthorized(OAuthErrors.InvalidToken);
        }

        return new JsonNoStore(DiaryClaims.For(account, scopes, includeProfile: true));
    }

    /// <summary>RFC 6750 §3.1: a malformed request is 400 invalid_request, with the challenge and an RFC 6749 JSON body.</summary>
    private static IResult InvalidRequest(string description) =>
        Responses.OAuthErrorResult.Create(OAuthErrors.InvalidRequest, description, StatusCodes.Status400BadRequest,
            $"Bearer realm=\"IdentityBroker\", error=\"{OAuthErrors.InvalidRequest}\"");

    /// <summary>
    /// RFC 6750 §3 and RFC 9449 §7.1: both schemes are offered (a DPoP-bound token presented as Bearer learns it needs
    /// DPoP); invalid_token goes with both, invalid_dpop_proof only with DPoP.
    /// </summary>
    private static StatusWithChallenge Unauthorized(string? error)
    {
        var bearer = error == OAuthErrors.InvalidToken ? $"Bearer realm=\"IdentityBroker\", error=\"{error}\"" : "Bearer realm=\"IdentityBroker\"";
        var dpop = $"DPoP algs=\"{string.Join(' ', DpopConstants.Algorithms)}\"" + (error is null ? string.Empty : $", error=\"{error}\"");
        return new StatusWithChallenge([bearer, dpop]);
    }

    private sealed class StatusWithChallenge(string[] challenges) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status401Unauthorized;
            httpContext.Response.Headers.WWWAuthenticate = challenges;
            httpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}
