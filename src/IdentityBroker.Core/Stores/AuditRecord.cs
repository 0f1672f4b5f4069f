namespace IdentityBroker.Core.Stores;

/// <summary>
/// One audited decision or security event. Holds no personal data: the ESIA person appears only as a keyed hash,
/// the diary account by its id.
/// </summary>
/// <param name="EventType">See <see cref="AuditEventTypes"/>.</param>
/// <param name="Outcome">"success" or a reason code (REQUIREMENTS.md "What the user sees when sign-in fails").</param>
/// <param name="RuleId">The rule that decided, e.g. "R-MATCH-2".</param>
/// <param name="ReferenceNumber">The short number shown to the user on a refusal, for school staff to look up.</param>
public sealed record AuditRecord(
    DateTimeOffset At,
    string EventType,
    string? RegionCode,
    string? ClientId,
    string Outcome,
    string? RuleId,
    string? DiaryAccountId,
    string? EsiaSubjectHash,
    string? ReferenceNumber,
    string? Detail)
{
    /// <summary>Keyed hash of the person's SNILS (<see cref="Privacy.PersonalDataHasher.HashSnils"/>), so school staff can
    /// find the person's attempts by SNILS (R-ERR-1). Null when ESIA gave none.</summary>
    public string? PersonSnilsHash { get; init; }

    /// <summary>Keyed hash of normalised name + birth date (<see cref="Privacy.PersonalDataHasher.HashNameAndBirthDate"/>),
    /// for the lookup by name and birth date (R-ERR-1).</summary>
    public string? PersonNameBirthHash { get; init; }
}

public static class AuditEventTypes
{
    public const string SignIn = "sign_in";
    public const string Link = "link";

    /// <summary>A link was removed (R-MATCH-7): its diary account was removed by a directory import, or an operator unlinked it.</summary>
    public const string Unlink = "unlink";
    public const string TokenIssued = "token_issued";
    public const string CodeReplay = "code_replay";
    public const string TokenRevoked = "token_revoked";
    public const string RefreshTokenReuse = "refresh_token_reuse";
    public const string Logout = "logout";
    public const string ManualLinkAttempt = "manual_link_attempt";
    public const string DataConsent = "data_consent";
    public const string ParentalConsent = "parental_consent";
    public const string ConsentRequest = "consent_request";
    public const string Diagnostics = "diagnostics_lookup";
}
