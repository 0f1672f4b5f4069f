namespace IdentityBroker.Server.Protocol.Tokens;

/// <summary>
/// Token lifecycle log events (EventIds 1100–1149). Client ids, diary account ids and reasons only: never a token, a
/// token hash, a code or an assertion.
/// </summary>
internal static partial class TokenLog
{
    [LoggerMessage(1100, LogLevel.Warning, "Refresh token reused outside the grace window by client {ClientId} for subject {Subject}: family revoked", EventName = "RefreshTokenReuseDetected")]
    public static partial void RefreshReuseDetected(ILogger logger, string clientId, string subject);

    [LoggerMessage(1101, LogLevel.Information, "Refresh token replayed inside the {Window} by client {ClientId}: same successor returned", EventName = "RefreshTokenGraceReplay")]
    public static partial void RefreshGraceReplay(ILogger logger, string clientId, string window);

    [LoggerMessage(1102, LogLevel.Warning, "Refresh grace replay by client {ClientId} could not recover the successor (key changed?)", EventName = "RefreshTokenSuccessorUnreadable")]
    public static partial void RefreshSuccessorUnreadable(ILogger logger, string clientId);

    [LoggerMessage(1103, LogLevel.Information, "Refresh refused for client {ClientId}: {Reason}", EventName = "RefreshRefused")]
    public static partial void RefreshRefused(ILogger logger, string clientId, string reason);

    [LoggerMessage(1110, LogLevel.Warning, "Replayed authorization code by client {ClientId}: revoked access token and {Revoked} refresh tokens of the first redemption", EventName = "CodeReplayRevoked")]
    public static partial void CodeReplayRevoked(ILogger logger, string clientId, int revoked);

    [LoggerMessage(1120, LogLevel.Information, "Token revoked by client {ClientId} ({Kind})", EventName = "TokenRevoked")]
    public static partial void TokenRevoked(ILogger logger, string clientId, string kind);

    [LoggerMessage(1121, LogLevel.Information, "Revocation by client {ClientId} ignored: {Reason}", EventName = "RevocationIgnored")]
    public static partial void RevocationIgnored(ILogger logger, string clientId, string reason);

    [LoggerMessage(1130, LogLevel.Information, "Client authentication failed for client {ClientId}: {Reason}", EventName = "ClientAuthenticationFailed")]
    public static partial void ClientAuthenticationFailed(ILogger logger, string? clientId, string reason);

    [LoggerMessage(1131, LogLevel.Warning, "Could not fetch the JWKS of client {ClientId}: {Reason}", EventName = "ClientJwksFetchFailed")]
    public static partial void ClientJwksFetchFailed(ILogger logger, string clientId, string reason);
}
