using System.Text.Json.Nodes;
using IdentityBroker.EsiaEmulator.Faults;
using IdentityBroker.EsiaEmulator.Personas;
using IdentityBroker.EsiaEmulator.Tokens;

namespace IdentityBroker.EsiaEmulator.Protocol;

/// <summary><c>POST /aas/oauth2/v3/te</c>: code exchange and refresh. Errors are HTTP 400 JSON (ESIA.md §3.5).</summary>
internal static class TokenEndpoint
{
    public const string Path = "/aas/oauth2/v3/te";

    public static void Map(IEndpointRouteBuilder routes) => routes.MapPost(Path, HandleAsync).DisableAntiforgery();

    private static async Task<IResult> HandleAsync(
        HttpContext context,
        TokenRequestValidator validator,
        TokenIssuer issuer,
        PersonaCatalog personas,
        FaultState faults,
        RefreshTokenStore refreshTokens,
        ILogger<TokenIssuer> logger)
    {
        if (!context.Request.HasFormContentType)
        {
            return faults.Current.TemporarilyUnavailable && faults.Current.AppliesTo(null)
                ? ErrorResult(EsiaError.TemporarilyUnavailable, null, StatusCodes.Status503ServiceUnavailable)
                : ErrorResult(EsiaError.InvalidParameter("Content-Type"), null);
        }

        var form = new RequestParameters(await context.Request.ReadFormAsync(context.RequestAborted));
        if (faults.Current.TemporarilyUnavailable && faults.Current.AppliesTo(form["client_id"]))
        {
            return ErrorResult(EsiaError.TemporarilyUnavailable, null, StatusCodes.Status503ServiceUnavailable);
        }

        var outcome = validator.Validate(form);
        if (outcome.Error is not null)
        {
            Log.TokenRejected(logger, form["client_id"] ?? "-", outcome.Error.Code);
            return ErrorResult(outcome.Error, form["state"]);
        }

        var grant = outcome.Grant!;
        var persona = personas.FindByOid(grant.Oid)!;
        var response = new JsonObject
        {
            ["access_token"] = issuer.CreateAccessToken(grant),
            ["expires_in"] = TokenIssuer.AccessTokenLifetimeSeconds,
            ["state"] = form["state"],
            ["token_type"] = "Bearer",
        };
        if (grant.Request.Scopes.Contains(ScopeCatalog.OpenId))
        {
            response["id_token"] = issuer.CreateIdToken(grant, persona);
        }

        if (grant.Request.Offline)
        {
            response["refresh_token"] = refreshTokens.Issue(grant);
        }

        Log.TokenIssued(logger, grant.Request.ClientId, grant.Oid);
        return Results.Text(response.ToJsonString(), "application/json", statusCode: StatusCodes.Status200OK);
    }

    private static IResult ErrorResult(EsiaError error, string? state, int status = StatusCodes.Status400BadRequest)
    {
        var body = new JsonObject { ["error"] = error.Error, ["error_description"] = error.Description };
        if (state is not null)
        {
            body["state"] = state;
        }

        return Results.Text(body.ToJsonString(), "application/json", statusCode: status);
    }
}
