namespace IdentityBroker.Server.Interaction;

/// <summary>
/// R-CONSENT-1 log events (EventIds 2400–2419, within the sign-in range). Diary account ids, client ids, region codes and
/// text versions only: never personal data, never the protected state.
/// </summary>
internal static partial class DataConsentLog
{
    [LoggerMessage(2400, LogLevel.Information, "Asking for data consent (version {Version}) before sign-in to diary account {DiaryAccountId} in region {Region} for client {ClientId}", EventName = "DataConsentAsked")]
    public static partial void Asked(ILogger logger, string version, string diaryAccountId, string region, string clientId);

    [LoggerMessage(2401, LogLevel.Information, "Data consent (version {Version}) granted for diary account {DiaryAccountId} in region {Region} through client {ClientId}", EventName = "DataConsentGranted")]
    public static partial void Granted(ILogger logger, string version, string diaryAccountId, string region, string clientId);

    [LoggerMessage(2402, LogLevel.Information, "Data consent (version {Version}) declined for diary account {DiaryAccountId} in region {Region} through client {ClientId}, reference {Reference}", EventName = "DataConsentDeclined")]
    public static partial void Declined(ILogger logger, string version, string diaryAccountId, string region, string clientId, string reference);

    [LoggerMessage(2403, LogLevel.Warning, "Data consent answer refused: {Reason}", EventName = "DataConsentAnswerRefused")]
    public static partial void AnswerRefused(ILogger logger, string reason);

    [LoggerMessage(2404, LogLevel.Information, "Data consent revoked from the account page by diary account {DiaryAccountId} in region {Region}: {Sessions} session(s) ended, {RefreshTokens} refresh token(s) revoked", EventName = "DataConsentRevoked")]
    public static partial void Revoked(ILogger logger, string diaryAccountId, string region, int sessions, int refreshTokens);

    [LoggerMessage(2405, LogLevel.Information, "Account page request refused: {Reason}", EventName = "AccountPageRefused")]
    public static partial void AccountPageRefused(ILogger logger, string reason);
}
