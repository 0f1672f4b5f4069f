using Microsoft.Extensions.Logging;

namespace IdentityBroker.Esia;

/// <summary>
/// ESIA client log messages, EventIds 4000-4999 (STYLE.md §9). Only region codes, operations, error codes and levels
/// are logged: never names, SNILS, birth dates, oids, tokens, codes or client_secret.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, EventName = "EsiaAuthorizationUrlBuilt", Level = LogLevel.Debug,
        Message = "ESIA authorization redirect built for region {RegionCode}")]
    public static partial void AuthorizationUrlBuilt(ILogger logger, string regionCode);

    [LoggerMessage(EventId = 4001, EventName = "EsiaTokenExchangeStarted", Level = LogLevel.Debug,
        Message = "Exchanging the ESIA authorization code for region {RegionCode}")]
    public static partial void TokenExchangeStarted(ILogger logger, string regionCode);

    [LoggerMessage(EventId = 4002, EventName = "EsiaSignInCompleted", Level = LogLevel.Information,
        Message = "ESIA sign-in completed for region {RegionCode}: level {Level}, blocked {IsBlocked}")]
    public static partial void SignInCompleted(ILogger logger, string regionCode, string level, bool isBlocked);

    [LoggerMessage(EventId = 4010, EventName = "EsiaCallFailed", Level = LogLevel.Warning,
        Message = "ESIA {Operation} failed for region {RegionCode}: {Kind} {EsiaErrorCode}: {Reason}")]
    public static partial void CallFailed(
        ILogger logger, string operation, string regionCode, EsiaFailureKind kind, string? esiaErrorCode, string reason);

    [LoggerMessage(EventId = 4011, EventName = "EsiaTokenRejected", Level = LogLevel.Warning,
        Message = "ESIA token rejected for region {RegionCode}: {Reason}")]
    public static partial void TokenRejected(ILogger logger, string regionCode, string reason);

    [LoggerMessage(EventId = 4012, EventName = "EsiaSignerFailed", Level = LogLevel.Error,
        Message = "ESIA request signing failed for region {RegionCode}: {ExceptionType}")]
    public static partial void SignerFailed(ILogger logger, string regionCode, string exceptionType);

    [LoggerMessage(EventId = 4013, EventName = "EsiaOptionalDataRefused", Level = LogLevel.Warning,
        Message = "ESIA refused the optional {Collection} data for region {RegionCode} (HTTP 403); the sign-in continues without it")]
    public static partial void OptionalDataRefused(ILogger logger, string collection, string regionCode);

    [LoggerMessage(EventId = 4014, EventName = "EsiaOptionalDataNotGranted", Level = LogLevel.Information,
        Message = "ESIA did not grant the scopes of the optional {Collection} data for region {RegionCode}; not requested")]
    public static partial void OptionalDataNotGranted(ILogger logger, string collection, string regionCode);

    [LoggerMessage(EventId = 4020, EventName = "EsiaCircuitOpened", Level = LogLevel.Warning,
        Message = "ESIA circuit breaker opened for region {RegionCode} for {BreakDuration}")]
    public static partial void CircuitOpened(ILogger logger, string regionCode, TimeSpan breakDuration);

    [LoggerMessage(EventId = 4021, EventName = "EsiaCircuitClosed", Level = LogLevel.Information,
        Message = "ESIA circuit breaker closed for region {RegionCode}")]
    public static partial void CircuitClosed(ILogger logger, string regionCode);

    [LoggerMessage(EventId = 4022, EventName = "EsiaCircuitHalfOpened", Level = LogLevel.Information,
        Message = "ESIA circuit breaker half-open for region {RegionCode}")]
    public static partial void CircuitHalfOpened(ILogger logger, string regionCode);

    [LoggerMessage(EventId = 4023, EventName = "EsiaRequestRetried", Level = LogLevel.Information,
        Message = "ESIA {Operation} for region {RegionCode} retried (attempt {Attempt})")]
    public static partial void RequestRetried(ILogger logger, string operation, string regionCode, int attempt);
}
