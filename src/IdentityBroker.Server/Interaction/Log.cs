namespace IdentityBroker.Server.Interaction;

/// <summary>Sign-in log events (EventIds 2000–2999). Reason codes, rule ids, client and diary ids only: never personal data.</summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Information, "Sign-in to diary account {DiaryAccountId} in region {Region} for client {ClientId} ({RuleId})", EventName = "SignInSucceeded")]
    public static partial void SignInSucceeded(ILogger logger, string diaryAccountId, string region, string clientId, string ruleId);

    [LoggerMessage(2002, LogLevel.Information, "Sign-in refused in region {Region} for client {ClientId}: {ReasonCode} ({RuleId}), reference {Reference}", EventName = "SignInRefused")]
    public static partial void SignInRefused(ILogger logger, string region, string clientId, string reasonCode, string ruleId, string reference);

    [LoggerMessage(2005, LogLevel.Error, "ESIA registration of region {Region} is misconfigured: {EsiaError} ({Detail})", EventName = "EsiaMisconfigured")]
    public static partial void EsiaMisconfigured(ILogger logger, string region, string? esiaError, string detail);

    [LoggerMessage(2006, LogLevel.Warning, "ESIA failed for region {Region}: {Kind} {EsiaError} ({Detail})", EventName = "EsiaFailed")]
    public static partial void EsiaFailed(ILogger logger, string region, string kind, string? esiaError, string detail);

    [LoggerMessage(2007, LogLevel.Information, "Linked diary account {DiaryAccountId} in region {Region} ({Method})", EventName = "AccountLinked")]
    public static partial void AccountLinked(ILogger logger, string diaryAccountId, string region, string method);

    [LoggerMessage(2008, LogLevel.Warning, "A sign-in form of step {Step} was refused: {Why}", EventName = "StepFormRefused")]
    public static partial void StepFormRefused(ILogger logger, string step, string why);
}
