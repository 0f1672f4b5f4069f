namespace IdentityBroker.Server.Interaction.Consent;

/// <summary>Parental consent log events (EventIds 7000–7099). Diary ids, regions, reason codes only: never personal data.</summary>
internal static partial class ParentalConsentLog
{
    [LoggerMessage(7001, LogLevel.Information, "Consent request {RequestId} created for child {ChildAccountId} in region {Region}; {Webhooks} webhook(s) queued", EventName = "ConsentRequested")]
    public static partial void ConsentRequested(ILogger logger, Guid requestId, string childAccountId, string region, int webhooks);

    [LoggerMessage(7002, LogLevel.Information, "Parental consent {Decision} for child {ChildAccountId} in region {Region}; {Webhooks} webhook(s) queued", EventName = "ConsentDecided")]
    public static partial void ConsentDecided(ILogger logger, string decision, string childAccountId, string region, int webhooks);

    [LoggerMessage(7003, LogLevel.Warning, "Consent decision refused for child {ChildAccountId} in region {Region}: {Reason} (R-CONSENT-6)", EventName = "ConsentDecisionRefused")]
    public static partial void ConsentDecisionRefused(ILogger logger, string childAccountId, string region, string reason);

    [LoggerMessage(7004, LogLevel.Information, "Consent revoked for child {ChildAccountId} in region {Region}: {Sessions} session(s) ended, {RefreshTokens} refresh token(s) revoked", EventName = "ConsentRevokedEffects")]
    public static partial void ConsentRevokedEffects(ILogger logger, string childAccountId, string region, int sessions, int refreshTokens);

    [LoggerMessage(7005, LogLevel.Information, "Family relations of a parent in region {Region} replaced: {Relations} child account(s) matched of {Reported} reported by ESIA", EventName = "FamilyRelationsRefreshed")]
    public static partial void FamilyRelationsRefreshed(ILogger logger, string region, int relations, int reported);

    [LoggerMessage(7006, LogLevel.Warning, "Webhook {MessageId} cannot be signed: region {Region} has no notification endpoint any more", EventName = "WebhookRegionMissing")]
    public static partial void WebhookRegionMissing(ILogger logger, long messageId, string? region);
}
