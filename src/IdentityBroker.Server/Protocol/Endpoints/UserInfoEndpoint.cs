using System.Net.Http.Headers;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Protocol.Tokens;

namespace IdentityBroker.Server.Protocol.Endpoints;

/// <summary>
/// <c>/connect/userinfo</c> (OIDC Core §5.3), GET and POST, bearer token in the header or (POST) the form body (RFC 6750 §2).
/// Claims per R-TOKEN-2, read from the diary directory at call time.
/// </summary>
internal static class UserInfoEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapMethods(ProtocolRoutes.UserInfo, [HttpMethods.Get, HttpMethods.Post], HandleAsync).DisableAntiforgery();

    private static async Task<IResult> HandleAsync(HttpContext context, AccessTokenValidator validator, IDiaryDirectory directory, CancellationToken cancellationToken)
    {
        string? token = null;
        if (AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization.ToString(), out var header) &&
            string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            token = header.Parameter;
        }
        else if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            token = (await context.Request.ReadFormAsync(cancellationToken))["access_token"].ToString();
        }

        if (string.IsNullOrEmpty(token))
        {
            return Unauthorized(null);
        }

        var identity = await validator.ValidateAsync(token, cancellationToken);
        var sub = identity?.FindFirst("sub")?.Value;
        var region = identity?.FindFirst("region")?.Value;
        var scopes = (identity?.FindFirst("scope")?.Value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        if (identity is null || sub is null || region is null || !scopes.Contains("openid"))
        {
            return Unauthorized("invalid_token");
        }

        if (await directory.GetAsync(region, sub, cancellationToken) is not { } account)
        {
            return Unauthorized("invalid_token");
        }

        return new JsonNoStore(DiaryClaims.For(account, scopes, includeProfile: true));
    }

    private static IResult Unauthorized(string? error) => new StatusWithChallenge(
        error is null ? "Bearer realm=\"IdentityBroker\"" : $"Bearer realm=\"IdentityBroker\", error=\"{error}\"");

    private sealed class StatusWithChallenge(string challenge) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status401Unauthorized;
            httpContext.Response.Headers.WWWAuthenticate = challenge;
            httpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}
