namespace IdentityBroker.Core.Stores;

/// <summary>
/// One audited decision or security event. Holds no personal data: the ESIA person appears only as a keyed hash,
/// the diary account by its id.
/// </summary>
/// <param name="EventType">See <see cref="AuditEventTypes"/>.</param>
/// <param name="Outcome"><see cref="AuditOutcomes"/> or a reason code (REQUIREMENTS.md "What the user sees when sign-in fails").</param>
/// <param name="RuleId">The rule that decided: one of <see cref="SignIn.RuleIds"/>.</param>
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

    // Named factories, one per event kind (issue #12 item 4): a call site names what happened instead of filling ten
    // positional strings. The positional constructor stays for the protocol and admin call sites until they move over.

    /// <summary>A successful sign-in into <paramref name="diaryAccountId"/>, decided by <paramref name="ruleId"/>.</summary>
    public static AuditRecord SignInSucceeded(DateTimeOffset at, string regionCode, string clientId, string ruleId, string diaryAccountId, AuditPerson person) =>
        new AuditRecord(at, AuditEventTypes.SignIn, regionCode, clientId, AuditOutcomes.Success, ruleId, diaryAccountId, null, null, null).About(person);

    /// <summary>A refused sign-in: the reason code is the outcome; the reference number is the one the page shows.</summary>
    public static AuditRecord SignInRefused(
        DateTimeOffset at, string regionCode, string clientId, string reasonCode, string ruleId, string? referenceNumber, AuditPerson? person,
        string? diaryAccountId = null, string? detail = null) =>
        new AuditRecord(at, AuditEventTypes.SignIn, regionCode, clientId, reasonCode, ruleId, diaryAccountId, null, referenceNumber, detail).About(person);

    /// <summary>R-MATCH-7: a new link of an ESIA person to a diary account (<paramref name="linkMethod"/> in the detail).</summary>
    public static AuditRecord Linked(DateTimeOffset at, string regionCode, string clientId, string ruleId, string diaryAccountId, string linkMethod, AuditPerson person) =>
        new AuditRecord(at, AuditEventTypes.Link, regionCode, clientId, AuditOutcomes.Success, ruleId, diaryAccountId, null, null, linkMethod).About(person);

    /// <summary>R-CONSENT-1: the person's data consent granted, declined, revoked, or the revocation's effects.</summary>
    public static AuditRecord DataConsent(
        DateTimeOffset at, string regionCode, string? clientId, string outcome, string diaryAccountId, AuditPerson person, string detail) =>
        new AuditRecord(at, AuditEventTypes.DataConsent, regionCode, clientId, outcome, SignIn.RuleIds.Consent1, diaryAccountId, null, null, detail).About(person);

    /// <summary>R-CONSENT-2..6: a parental consent granted or revoked (or refused) for the child's diary account.</summary>
    public static AuditRecord ParentalConsent(
        DateTimeOffset at, string regionCode, string? clientId, string outcome, string ruleId, string childAccountId, string? parentEsiaSubjectHash, string detail) =>
        new(at, AuditEventTypes.ParentalConsent, regionCode, clientId, outcome, ruleId, childAccountId, parentEsiaSubjectHash, null, detail);

    /// <summary>R-CONSENT-3: a consent request created or declined (or a decline refused) for the child's diary account.</summary>
    public static AuditRecord ConsentRequest(
        DateTimeOffset at, string regionCode, string? clientId, string outcome, string ruleId, string childAccountId, string? parentEsiaSubjectHash, string detail) =>
        new(at, AuditEventTypes.ConsentRequest, regionCode, clientId, outcome, ruleId, childAccountId, parentEsiaSubjectHash, null, detail);

    /// <summary>R-MATCH-6 / R-REGION-3: one diary password attempt (never the login or password).</summary>
    public static AuditRecord CredentialAttempt(
        DateTimeOffset at, string regionCode, string clientId, string outcome, string ruleId, string? diaryAccountId, string? esiaSubjectHash,
        string referenceNumber, string detail) =>
        new(at, AuditEventTypes.ManualLinkAttempt, regionCode, clientId, outcome, ruleId, diaryAccountId, esiaSubjectHash, referenceNumber, detail);

    /// <summary>A broker session ended (logout, or a revocation's effect).</summary>
    public static AuditRecord Logout(DateTimeOffset at, string regionCode, string? clientId, string subject, string? esiaSubjectHash, string detail) =>
        new(at, AuditEventTypes.Logout, regionCode, clientId, AuditOutcomes.Success, null, subject, esiaSubjectHash, null, detail);

    /// <summary>Tokens issued by a grant (<paramref name="detail"/>: the grant type and what was issued).</summary>
    public static AuditRecord TokenIssued(DateTimeOffset at, string? regionCode, string clientId, string? subject, string detail) =>
        new(at, AuditEventTypes.TokenIssued, regionCode, clientId, AuditOutcomes.Success, null, subject, null, null, detail);

    /// <summary>RFC 6749 §4.1.2: a replayed authorization code was refused.</summary>
    public static AuditRecord CodeReplayed(DateTimeOffset at, string? regionCode, string clientId, string outcome, string? subject) =>
        new(at, AuditEventTypes.CodeReplay, regionCode, clientId, outcome, SignIn.RuleIds.CodeReplay, subject, null, null, null);

    /// <summary>Tokens revoked: by the client (RFC 7009) or because their code was replayed (RFC 6749 §4.1.2).</summary>
    public static AuditRecord TokenRevoked(DateTimeOffset at, string? regionCode, string? clientId, string outcome, string ruleId, string? subject, string detail) =>
        new(at, AuditEventTypes.TokenRevoked, regionCode, clientId, outcome, ruleId, subject, null, null, detail);

    /// <summary>RFC 9700 §4.14.2: a refresh token was reused and its family revoked.</summary>
    public static AuditRecord RefreshTokenReused(DateTimeOffset at, string? regionCode, string presentingClientId, string? subject, string detail) =>
        new(at, AuditEventTypes.RefreshTokenReuse, regionCode, presentingClientId, AuditOutcomes.FamilyRevoked, SignIn.RuleIds.RefreshTokenReuse, subject, null, null, detail);

    /// <summary>R-ERR-1: a staff diagnostics lookup (the kind of lookup and the count, never the searched values).</summary>
    public static AuditRecord DiagnosticsLookup(DateTimeOffset at, string? regionCode, string? clientId, string outcome, string detail) =>
        new(at, AuditEventTypes.Diagnostics, regionCode, clientId, outcome, SignIn.RuleIds.Err1, null, null, null, detail);

    /// <summary>R-ERR-1: the person's keys (keyed hashes only) on this record; the one place they are copied.</summary>
    private AuditRecord About(AuditPerson? person) => person is null
        ? this
        : this with { EsiaSubjectHash = person.EsiaSubjectHash, PersonSnilsHash = person.SnilsHash, PersonNameBirthHash = person.NameBirthHash };
}

/// <summary>
/// The person of a sign-in as the audit log knows them: the keyed hash of the ESIA id (or the stand-in subject of a password
/// sign-in) and, for the staff lookup (R-ERR-1), keyed hashes of SNILS and of name + birth date. Never the data itself.
/// </summary>
public sealed record AuditPerson(string? EsiaSubjectHash, string? SnilsHash = null, string? NameBirthHash = null);

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
