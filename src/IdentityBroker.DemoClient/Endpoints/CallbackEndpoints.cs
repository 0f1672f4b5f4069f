using System.Globalization;
using System.Security.Claims;
using IdentityBroker.DemoClient.Oidc;
using IdentityBroker.DemoClient.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityBroker.DemoClient.Endpoints;

/// <summary><c>GET /signin-callback</c>: checks the authorization response, redeems the code, validates the ID token, signs in.</summary>
internal static class CallbackEndpoints
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet("/signin-callback", CallbackAsync);

    private static async Task<IResult> CallbackAsync(HttpContext context, OidcMetadata metadata, LoginStateProtector protector,
        TokenClient tokenClient, IdTokenValidator validator, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var basePath = context.Request.PathBase.Value ?? "";
        var logger = loggers.CreateLogger(typeof(CallbackEndpoints));
        var loginState = protector.Read(context);
        var stateMatches = loginState is not null && Pkce.FixedTimeEquals(loginState.State, query["state"]);
        if (stateMatches)
        {
            protector.Delete(context); // one response per login attempt
        }

        if (query["error"].ToString() is { Length: > 0 } error)
        {
            var description = OidcFlowException.Clip(query["error_description"]);
            var detail = $"The authorization server returned error={OidcFlowException.Clip(error, 64)}"
                         + (stateMatches ? "." : "; the state did not match this login.");
            Log.SignInFailed(logger, OidcFlowException.Clip(error, 64), detail);
            return ErrorPage.Render(basePath, ErrorPage.SignInFailedTitle, OidcFlowException.Clip(error, 64),
                ErrorPage.DescribeAuthorizationError(error), detail, description);
        }

        if (loginState is null)
        {
            throw new OidcFlowException("login_state_missing",
                "Время на вход истекло или вход был начат в другом окне. Начните вход заново.",
                "No valid demo.oidc cookie: it is missing, expired or was not issued by this application.");
        }

        if (!stateMatches)
        {
            throw new OidcFlowException("state_mismatch", "Ответ сервера входа не относится к этому входу. Начните вход заново.",
                "The state parameter does not match the one stored for this login.");
        }

        var configuration = await metadata.GetAsync(cancellationToken);
        CheckIssuer(query["iss"], configuration.Issuer, configuration.AuthorizationResponseIssParameterSupported);

        if (query["code"].ToString() is not { Length: > 0 } code)
        {
            throw new OidcFlowException("missing_code", "Сервер входа не передал код авторизации.",
                "The authorization response has neither code nor error.");
        }

        var tokens = await tokenClient.RedeemCodeAsync(configuration.TokenEndpoint, code, loginState.CodeVerifier, cancellationToken);
        var idToken = await validator.ValidateAsync(tokens.IdToken, loginState.Nonce, tokens.AccessToken, cancellationToken);

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, CreatePrincipal(idToken), CreateProperties(tokens, time));
        Log.SignInCompleted(logger, idToken.Subject);
        return Results.Redirect(basePath + "/");
    }

    /// <summary>RFC 9207: a present iss must be the discovered issuer; if the OP advertises iss, it must be present.</summary>
    internal static void CheckIssuer(string? iss, string expectedIssuer, bool issParameterSupported)
    {
        if (string.IsNullOrEmpty(iss))
        {
            if (issParameterSupported)
            {
                throw new OidcFlowException("issuer_mismatch", "Ответ пришёл не от того сервера входа. Начните вход заново.",
                    "The broker advertises authorization_response_iss_parameter_supported but the response has no iss.");
            }

            return;
        }

        if (!string.Equals(iss, expectedIssuer, StringComparison.Ordinal))
        {
            throw new OidcFlowException("issuer_mismatch", "Ответ пришёл не от того сервера входа. Начните вход заново.",
                $"The iss parameter '{OidcFlowException.Clip(iss, 200)}' is not the discovered issuer '{expectedIssuer}'.");
        }
    }

    private static ClaimsPrincipal CreatePrincipal(JsonWebToken idToken)
    {
        // Only what the session needs; the page shows the full claim set decoded from the stored ID token.
        var identity = new ClaimsIdentity("oidc", "name", "role");
        identity.AddClaim(new Claim("sub", idToken.Subject));
        identity.AddClaim(new Claim("iss", idToken.Issuer));
        foreach (var name in new[] { "name", "sid" })
        {
            if (idToken.TryGetPayloadValue<string>(name, out var value) && !string.IsNullOrEmpty(value))
            {
                identity.AddClaim(new Claim(name, value));
            }
        }

        return new ClaimsPrincipal(identity);
    }

    private static AuthenticationProperties CreateProperties(TokenResponse tokens, TimeProvider time)
    {
        var properties = new AuthenticationProperties { IsPersistent = false };
        var stored = new List<AuthenticationToken>
        {
            new() { Name = SessionTokens.IdToken, Value = tokens.IdToken },
            new() { Name = SessionTokens.AccessToken, Value = tokens.AccessToken },
            new() { Name = SessionTokens.TokenType, Value = tokens.TokenType },
        };
        if (tokens.ExpiresIn is { } seconds)
        {
            stored.Add(new() { Name = SessionTokens.ExpiresAt, Value = time.GetUtcNow().AddSeconds(seconds).ToString("o", CultureInfo.InvariantCulture) });
        }

        // A demo keeps the tokens in the (encrypted) session cookie; a real front-end would keep them server-side.
        properties.StoreTokens(stored);
        return properties;
    }
}
