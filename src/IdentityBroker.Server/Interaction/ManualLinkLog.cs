namespace IdentityBroker.Server.Interaction;

/// <summary>
/// Log events of manual linking (R-MATCH-6) and the password fallback (R-REGION-3), EventIds 2101–2119. Region, client,
/// rule, outcome and diary account ids only: never the login, the password or personal data.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(2101, LogLevel.Information, "Diary password attempt in region {Region} for client {ClientId} ({RuleId}): {Outcome}, diary account {DiaryAccountId}", EventName = "DiaryPasswordAttempt")]
    public static partial void CredentialAttempt(ILogger logger, string region, string clientId, string ruleId, string outcome, string? diaryAccountId);

    [LoggerMessage(2102, LogLevel.Warning, "Manual-linking or password-fallback form is missing, expired, tampered with or from another browser ({Form})", EventName = "DiaryPasswordFormInvalid")]
    public static partial void CredentialFormInvalid(ILogger logger, string form);

    [LoggerMessage(2103, LogLevel.Information, "Password fallback offered in region {Region} for client {ClientId}: ESIA unavailable", EventName = "PasswordFallbackOffered")]
    public static partial void PasswordFallbackOffered(ILogger logger, string region, string clientId);

    [LoggerMessage(2104, LogLevel.Warning, "ESIA request could not be prepared for region {Region}: {Kind} {EsiaError} ({Detail})", EventName = "EsiaChallengeFailed")]
    public static partial void EsiaChallengeFailed(ILogger logger, string region, string kind, string? esiaError, string detail);
}
