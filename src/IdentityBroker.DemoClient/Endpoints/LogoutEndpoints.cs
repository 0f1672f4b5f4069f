using IdentityBroker.DemoClient.Oidc;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace IdentityBroker.DemoClient.Endpoints;

/// <summary><c>POST /logout</c>: ends the local session, then RP-initiated logout at the broker when it offers one.</summary>
internal static class LogoutEndpoints
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapPost("/logout", LogoutAsync);

    private static async Task<IResult> LogoutAsync(HttpContext context, OidcMetadata metadata, IOptions<DemoClientOptions> options,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var auth = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        var idToken = auth.Properties?.GetTokenValue(SessionTokens.IdToken);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);

        string? endSession = null;
        if (idToken is not null)
        {
            try
            {
                endSession = (await metadata.GetAsync(cancellationToken)).EndSessionEndpoint;
            }
            catch (OidcFlowException)
            {
                // The broker is unreachable: the local session is gone, which is all we can do.
            }
        }

        var logger = loggers.CreateLogger(typeof(LogoutEndpoints));
        if (string.IsNullOrEmpty(endSession))
        {
            Log.SignedOut(logger, endSession: false);
            return Results.Redirect((context.Request.PathBase.Value ?? "") + "/");
        }

        // OpenID Connect RP-Initiated Logout 1.0 §2.
        var url = QueryHelpers.AddQueryString(endSession, new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken,
            ["post_logout_redirect_uri"] = options.Value.PostLogoutRedirectUri,
            ["client_id"] = options.Value.ClientId,
        });
        Log.SignedOut(logger, endSession: true);
        return Results.Redirect(url);
    }
}
