namespace IdentityBroker.EsiaEmulator;

/// <summary>Emulator log messages (EventId range 9000). Only client ids, oids and ESIA codes are logged — never names,
/// SNILS, birth dates, tokens or codes.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 9001, EventName = "AuthorizationRejected", Level = LogLevel.Information,
        Message = "ac request rejected for client {ClientId}: {EsiaCode}")]
    public static partial void AuthorizationRejected(ILogger logger, string clientId, string esiaCode);

    [LoggerMessage(EventId = 9002, EventName = "LoginCompleted", Level = LogLevel.Information,
        Message = "Login for client {ClientId} finished for oid {Oid} with outcome {Outcome}")]
    public static partial void LoginCompleted(ILogger logger, string clientId, long oid, string outcome);

    [LoggerMessage(EventId = 9003, EventName = "TokenRejected", Level = LogLevel.Information,
        Message = "te request rejected for client {ClientId}: {EsiaCode}")]
    public static partial void TokenRejected(ILogger logger, string clientId, string esiaCode);

    [LoggerMessage(EventId = 9004, EventName = "TokenIssued", Level = LogLevel.Information,
        Message = "Tokens issued to client {ClientId} for oid {Oid}")]
    public static partial void TokenIssued(ILogger logger, string clientId, long oid);

    [LoggerMessage(EventId = 9005, EventName = "PersonRequestRejected", Level = LogLevel.Information,
        Message = "Person data request for oid {Oid} rejected with HTTP {Status}")]
    public static partial void PersonRequestRejected(ILogger logger, long oid, int status);

    [LoggerMessage(EventId = 9006, EventName = "FaultsChanged", Level = LogLevel.Warning,
        Message = "Fault injection changed: {Faults}")]
    public static partial void FaultsChanged(ILogger logger, string faults);
}
