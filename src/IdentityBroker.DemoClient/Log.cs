namespace IdentityBroker.DemoClient;

/// <summary>Log messages of the demo client (EventIds 8000–8099). Never pass tokens, codes, state or nonce values here.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8001, EventName = "LoginStarted", Level = LogLevel.Information,
        Message = "Redirecting to the authorization endpoint (prompt: {Prompt})")]
    public static partial void LoginStarted(ILogger logger, string prompt);

    [LoggerMessage(EventId = 8002, EventName = "SignInCompleted", Level = LogLevel.Information,
        Message = "Signed in subject {Subject}")]
    public static partial void SignInCompleted(ILogger logger, string subject);

    [LoggerMessage(EventId = 8003, EventName = "SignInFailed", Level = LogLevel.Warning,
        Message = "Sign-in step failed with {ErrorCode}: {Detail}")]
    public static partial void SignInFailed(ILogger logger, string errorCode, string detail);

    [LoggerMessage(EventId = 8004, EventName = "TokenRequestRejected", Level = LogLevel.Warning,
        Message = "Token endpoint answered HTTP {StatusCode} with error {Error}")]
    public static partial void TokenRequestRejected(ILogger logger, int statusCode, string error);

    [LoggerMessage(EventId = 8005, EventName = "UserInfoFailed", Level = LogLevel.Warning,
        Message = "UserInfo endpoint answered HTTP {StatusCode}")]
    public static partial void UserInfoFailed(ILogger logger, int statusCode);

    [LoggerMessage(EventId = 8006, EventName = "SignedOut", Level = LogLevel.Information,
        Message = "Signed out locally (redirect to end_session_endpoint: {EndSession})")]
    public static partial void SignedOut(ILogger logger, bool endSession);
}
