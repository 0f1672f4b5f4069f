namespace IdentityBroker.Server.Protocol;

/// <summary>Protocol log events (EventIds 1000–1999). Never names, SNILS, tokens or codes: client ids and diary account ids only.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Created token-signing key {KeyId} ({Algorithm})", EventName = "SigningKeyCreated")]
    public static partial void SigningKeyCreated(ILogger logger, string keyId, string algorithm);

    [LoggerMessage(1002, LogLevel.Error, "Signing key rotation check failed ({Error}); retrying at the next interval", EventName = "KeyRotationFailed")]
    public static partial void KeyRotationFailed(ILogger logger, string error);

    [LoggerMessage(1010, LogLevel.Information, "Authorization request refused for client {ClientId}: {Error}", EventName = "AuthorizeRefused")]
    public static partial void AuthorizeRefused(ILogger logger, string? clientId, string error);

    [LoggerMessage(1020, LogLevel.Information, "Token request refused for client {ClientId}: {Error}", EventName = "TokenRefused")]
    public static partial void TokenRefused(ILogger logger, string? clientId, string error);

    [LoggerMessage(1021, LogLevel.Warning, "Authorization code replayed by client {ClientId} for subject {Subject}", EventName = "CodeReplayed")]
    public static partial void CodeReplayed(ILogger logger, string clientId, string subject);

    [LoggerMessage(1022, LogLevel.Information, "Issued tokens to client {ClientId} for subject {Subject} (grant {GrantType})", EventName = "TokensIssued")]
    public static partial void TokensIssued(ILogger logger, string clientId, string subject, string grantType);
}
