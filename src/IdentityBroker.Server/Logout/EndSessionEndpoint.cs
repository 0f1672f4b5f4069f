using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Protocol;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityBroker.Server.Logout;

/// <summary>
/// <c>GET/POST /connect/endsession</c> (OIDC RP-Initiated Logout 1.0 §2). With a valid <c>id_token_hint</c> the session it
/// names is ended at once (even when this browser no longer carries its cookie). A browser session the request does not
/// prove (no valid hint, or a hint from another session) is ended only after the user confirms with a POST carrying an
/// antiforgery token: a cross-site GET alone must not sign anyone out. Then <see cref="LogoutCompletion"/>.
/// </summary>
internal static class EndSessionEndpoint
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        // The RP sends the browser here by redirect (GET) or by an auto-submitted form (POST) — §2; no antiforgery possible.
        routes.MapMethods(ProtocolRoutes.EndSession, [HttpMethods.Get, HttpMethods.Post], HandleAsync).DisableAntiforgery();
        // Validated explicitly with IAntiforgery (the broker has no antiforgery middleware).
        routes.MapPost(ProtocolRoutes.EndSessionConfirm, ConfirmAsync).DisableAntiforgery();
        routes.MapGet(ProtocolRoutes.SignOutDone, Done);
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context, EndSessionRequestValidator validator, ISessionStore sessions, SessionTerminator terminator, LogoutCompletion completion,
        LogoutReturnProtector protector, IAntiforgery antiforgery, TimeProvider time, ILogger<EndSessionRequestValidator> logger,
        CancellationToken cancellationToken)
    {
        var read = await RequestParameters.ReadAsync(context.Request, cancellationToken);
        if (read.Valid is not { } parameters)
        {
            // repeated, over-long or control characters (RFC 6749 §3.1, issue #10): an error page, never a redirect
            Log.LogoutRefused(logger, read.IsUnsupported ? "unsupported method or content type" : "malformed parameters");
            return LogoutPages.BadRequest("invalid_request", read.Problem ?? "Use GET, or POST with application/x-www-form-urlencoded.");
        }

        var request = await validator.ValidateAsync(parameters, cancellationToken);
        if (request.Error is not null)
        {
            Log.LogoutRefused(logger, request.Error);
            return LogoutPages.BadRequest("invalid_request", request.Error);
        }

        var browser = await BrokerSession.ReadAsync(context);
        if (browser is null && HttpMethods.IsPost(context.Request.Method))
        {
            // A cross-site form POST does not carry the SameSite=Lax session cookie, so this browser's session is invisible
            // here. The same request as a top-level GET does carry it (RFC 6265bis §5.6.7.1): go round once.
            return new Protocol.Responses.NoStoreRedirect(QueryHelpers.AddQueryString((context.Request.PathBase.Value ?? "") + ProtocolRoutes.EndSession,
                parameters.SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, (string?)v)))));
        }

        string? endedRegion = null;
        if (request.Hint is { SessionId: { } hintSid } hint &&
            await sessions.FindActiveAsync(hintSid, time.GetUtcNow(), cancellationToken) is { } named &&
            named.Subject == hint.Subject &&
            await terminator.EndAsync(named, hint.Client.ClientId, cancellationToken))
        {
            endedRegion = named.RegionCode;
        }

        if (browser is not null && browser.SessionId != request.Hint?.SessionId)
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            return LogoutPages.Confirm(tokens.FormFieldName, tokens.RequestToken!, protector.ProtectPending(new PendingLogout(request.ClientId, request.ReturnUrl)));
        }

        return await completion.FinishAsync(context, endedRegion, request.ReturnUrl);
    }

    private static async Task<IResult> ConfirmAsync(
        HttpContext context, IAntiforgery antiforgery, ISessionStore sessions, SessionTerminator terminator, LogoutCompletion completion,
        LogoutReturnProtector protector, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return LogoutPages.ConfirmationExpired();
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        if (protector.UnprotectPending(form["request"]) is not { } pending)
        {
            return LogoutPages.ConfirmationExpired();
        }

        string? endedRegion = null;
        if (await BrokerSession.ReadAsync(context) is { } browser &&
            await sessions.FindActiveAsync(browser.SessionId, time.GetUtcNow(), cancellationToken) is { } record &&
            await terminator.EndAsync(record, pending.ClientId, cancellationToken))
        {
            endedRegion = record.RegionCode;
        }

        return await completion.FinishAsync(context, endedRegion, pending.ReturnUrl);
    }

    /// <summary><c>GET /signout/done</c>: back from ESIA's logout; on to the client (validated earlier) or the "signed out" page.</summary>
    private static IResult Done(HttpContext context, LogoutReturnProtector protector) =>
        protector.UnprotectReturn(context.Request.Query["r"]) is { } returnUrl
            ? new Protocol.Responses.NoStoreRedirect(returnUrl)
            : LogoutPages.SignedOut();
}
