using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol.Dpop;
using IdentityBroker.Server.Protocol.Responses;
using Microsoft.Extensions.Options;
using IdentityBroker.Server.Protocol.Validation;
using IdentityBroker.Server.Regions;
using IdentityBroker.Server.Ui;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Protocol.Endpoints;

/// <summary>
/// <c>/connect/authorize</c> (OIDC Core §3.1.2). Validates the request, then either answers from the broker session
/// (single sign-on; <c>prompt</c>, <c>max_age</c>) or sends the user on to ESIA. A request pushed to <c>/connect/par</c>
/// arrives as <c>client_id</c> + <c>request_uri</c> (RFC 9126 §4) and is taken from the store, once.
/// </summary>
internal static class AuthorizeEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapMethods(ProtocolRoutes.Authorize, [HttpMethods.Get, HttpMethods.Post], HandleAsync).DisableAntiforgery();

    private static async Task<IResult> HandleAsync(
        HttpContext context, AuthorizeRequestValidator validator, IPushedRequestStore pushedRequests, RegionCatalog catalog, AuthorizationCodeIssuer codes,
        IAuthorizeInteraction interaction, IOptions<BrokerOptions> options, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("IdentityBroker.Protocol.Authorize");
        var read = await RequestParameters.ReadAsync(context.Request, cancellationToken);
        if (read.IsUnsupported)
        {
            return BadRequestPage(OAuthErrors.InvalidRequest, "Use GET, or POST with application/x-www-form-urlencoded.");
        }

        // Over-long values and control characters: an error page, never a redirect that would carry them back. A repeated
        // parameter goes on to the validator, which redirects the error when the redirect URI itself is sound (RFC 6749 §4.1.2.1).
        if (read.Parameters is not { } parameters)
        {
            Log.AuthorizeRefused(logger, null, OAuthErrors.InvalidRequest);
            return BadRequestPage(OAuthErrors.InvalidRequest, read.Problem!);
        }

        AuthorizationRequest request;
        if (parameters.ContainsKey(OpenIdConnectParameterNames.RequestUri) && read.Kind == ParameterProblem.Repeated)
        {
            Log.AuthorizeRefused(logger, null, OAuthErrors.InvalidRequest);
            return BadRequestPage(OAuthErrors.InvalidRequest, read.Problem!);
        }

        if (parameters.ContainsKey(OpenIdConnectParameterNames.RequestUri))
        {
            // RFC 9126 §4: the pushed request replaces every parameter but client_id
            var client = catalog.FindClient(parameters.One(OpenIdConnectParameterNames.ClientId));
            if (client is null)
            {
                Log.AuthorizeRefused(logger, null, OAuthErrors.InvalidClient);
                return BadRequestPage(OAuthErrors.InvalidClient, "client_id is missing or unknown.");
            }

            var pushed = PushedRequestUri.Hash(parameters.One(OpenIdConnectParameterNames.RequestUri)) is { } hash
                ? await pushedRequests.ConsumeAsync(hash, client.ClientId, time.GetUtcNow(), cancellationToken)
                : null;
            if (pushed is not { } entry)
            {
                // single use, client-bound, 60 s (FAPI par-attempt-reuse-request_uri): an error page, never a redirect
                DpopLog.RequestUriRefused(logger, client.ClientId);
                return BadRequestPage(PushedRequestUri.InvalidRequestUri, "request_uri is invalid, expired, already used or issued to another client.");
            }

            request = entry.Request with { DpopJkt = entry.DpopJkt ?? entry.Request.DpopJkt };
        }
        else
        {
            switch (validator.Validate(parameters))
            {
                case AuthorizeFatalError fatal:
                    Log.AuthorizeRefused(logger, parameters.One(OpenIdConnectParameterNames.ClientId) is { Length: <= 100 } c ? c : null, fatal.Error);
                    return BadRequestPage(fatal.Error, fatal.Description);

                case AuthorizeRedirectError e:
                    Log.AuthorizeRefused(logger, e.ClientId, e.Error);
                    return AuthorizeResponse.Error(e.RedirectUri, e.ResponseMode, e.Error, e.Description, e.State, options.Value.Issuer);

                case AuthorizeValid valid:
                    request = valid.Request;
                    break;

                default:
                    throw new InvalidOperationException("unreachable");
            }
        }

        // R-REGION-2: a shared client's region (parameter, remembered for this browser, or the region list page)
        var resolved = interaction.ResolveRegion(context, request);
        if (resolved.Answer is { } answer)
        {
            return answer;
        }

        return await ProceedAsync(context, resolved.Request!, catalog, codes, interaction, time, cancellationToken);
    }

    /// <summary>
    /// A valid request whose region is known: answered from the broker session of that region (single sign-on;
    /// <c>prompt</c>, <c>max_age</c>), or handed to the interactive sign-in. Also where the region list page continues (Interaction/RegionChoiceEndpoint).
    /// </summary>
    internal static async Task<IResult> ProceedAsync(
        HttpContext context, AuthorizationRequest request, RegionCatalog catalog, AuthorizationCodeIssuer codes, IAuthorizeInteraction interaction, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var region = catalog.FindRegion(request.RegionCode)!;
        var session = await BrokerSession.ReadAsync(context);
        var prompts = (request.Prompt ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var sessionUsable = session is not null && session.RegionCode == request.RegionCode && !prompts.Contains(OpenIdConnectPrompt.Login) &&
                            (request.MaxAge is not { } maxAge || time.GetUtcNow() - session.AuthTime <= TimeSpan.FromSeconds(maxAge));
        if (sessionUsable)
        {
            return await codes.IssueAsync(request, session!, cancellationToken);
        }

        if (prompts.Contains(OpenIdConnectPrompt.None))
        {
            return codes.Error(request, OAuthErrors.LoginRequired, "The user must sign in.");
        }

        return await interaction.StartSignInAsync(context, region, request, cancellationToken);
    }

    private static IResult BadRequestPage(string error, string detail) =>
        ErrorPages.BadRequest(
            "Некорректный запрос на вход",
            "Электронный дневник отправил запрос на вход, который мы не можем обработать.",
            "Вернитесь на сайт электронного дневника и начните вход заново. Если ошибка повторяется, сообщите о ней в службу поддержки дневника.",
            error,
            detail);
}
