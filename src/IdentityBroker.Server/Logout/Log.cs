namespace IdentityBroker.Server.Logout;

/// <summary>Logout log events (EventIds 6000–6099). Client ids, diary account ids and receiver hosts only: never tokens, sids or hints.</summary>
internal static partial class Log
{
    [LoggerMessage(6001, LogLevel.Information, "Ended broker session of {Subject} in region {RegionCode} (requested by client {ClientId}); {Messages} back-channel logout message(s) queued", EventName = "SessionEnded")]
    public static partial void SessionEnded(ILogger logger, string subject, string regionCode, string? clientId, int messages);

    [LoggerMessage(6002, LogLevel.Information, "Logout request carries an id_token_hint that is not a valid ID token of this broker; treated as absent", EventName = "InvalidIdTokenHint")]
    public static partial void InvalidIdTokenHint(ILogger logger);

    [LoggerMessage(6003, LogLevel.Information, "Logout request: no redirect to post_logout_redirect_uri for client {ClientId}: {Reason}", EventName = "PostLogoutRedirectRefused")]
    public static partial void PostLogoutRedirectRefused(ILogger logger, string? clientId, string reason);

    [LoggerMessage(6004, LogLevel.Information, "Logout request refused: {Reason}", EventName = "LogoutRefused")]
    public static partial void LogoutRefused(ILogger logger, string reason);
}
