using IdentityBroker.DemoClient.Oidc;
using IdentityBroker.DemoClient.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityBroker.DemoClient.Endpoints;

/// <summary><c>GET /</c> and <c>GET /userinfo</c>: the start page; when signed in it calls UserInfo on every render.</summary>
internal static class HomeEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", RenderAsync);
        routes.MapGet("/userinfo", RenderAsync);
    }

    private static async Task<IResult> RenderAsync(HttpContext context, OidcMetadata metadata, UserInfoClient userInfoClient,
        Microsoft.Extensions.Options.IOptions<DemoClientOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var basePath = context.Request.PathBase.Value ?? "";
        var auth = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        var idToken = auth.Properties?.GetTokenValue(SessionTokens.IdToken);
        var accessToken = auth.Properties?.GetTokenValue(SessionTokens.AccessToken);
        var subject = auth.Principal?.FindFirst("sub")?.Value;
        if (!auth.Succeeded || idToken is null || accessToken is null || subject is null)
        {
            return HomePage.Anonymous(basePath);
        }

        // The ID token was validated at sign-in; here it is only decoded for display.
        var claims = new JsonWebToken(idToken).Claims.Select(c => KeyValuePair.Create(c.Type, c.Value)).ToList();

        UserInfoResult userInfo;
        try
        {
            var configuration = await metadata.GetAsync(cancellationToken);
            userInfo = await userInfoClient.GetAsync(configuration.UserInfoEndpoint, accessToken, subject, cancellationToken);
        }
        catch (OidcFlowException ex)
        {
            userInfo = UserInfoResult.Failed(ex.Code, ex.UserMessage, ex.Detail);
        }

        var displayName = auth.Principal!.FindFirst("name")?.Value ?? subject;
        // R-CONSENT-1: the broker's account page, where the person sees and revokes their consent
        return HomePage.SignedIn(basePath, displayName, claims, userInfo, time.GetUtcNow(), options.Value.AuthorityBase + "/account");
    }
}
