namespace IdentityBroker.Server.Hosting;

/// <summary>
/// Error-handling log events (EventIds 1900–1909). Exception messages are never logged (a database error can quote a
/// value): the exception type, the route and the stack trace only, with the reference number the caller was shown.
/// </summary>
internal static partial class ErrorLog
{
    [LoggerMessage(1900, LogLevel.Error, "Unexpected {ExceptionType} at {Method} {Route}; answered server_error, reference {Reference}\n{StackTrace}", EventName = "UnexpectedException")]
    public static partial void Unexpected(ILogger logger, string exceptionType, string method, string route, string reference, string? stackTrace);

    [LoggerMessage(1901, LogLevel.Warning, "Database unavailable ({ExceptionType}) at {Method} {Route}; answered 503 temporarily_unavailable", EventName = "DatabaseUnavailable")]
    public static partial void DatabaseUnavailable(ILogger logger, string exceptionType, string method, string route);

    [LoggerMessage(1902, LogLevel.Information, "Request refused with {Status} at {Method} {Route}, reference {Reference}: {Reason}", EventName = "RequestRefused")]
    public static partial void Refused(ILogger logger, int status, string method, string route, string reference, string reason);

    [LoggerMessage(1903, LogLevel.Error, "Unexpected {ExceptionType} at {Method} {Route} after the response had started; connection aborted\n{StackTrace}", EventName = "ExceptionAfterResponseStarted")]
    public static partial void AfterStart(ILogger logger, string exceptionType, string method, string route, string? stackTrace);
}
