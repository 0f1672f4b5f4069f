namespace IdentityBroker.Core.Consent;

/// <summary>
/// R-CONSENT-2: a parent's (legal representative's) consent to a minor's access to the diary, for one child's diary account
/// in one region. At most one is active per child; a revoked one stays for audit.
/// </summary>
/// <param name="GrantedByEsiaSubjectHash">The parent who granted, verified from ESIA's list of their children (R-CONSENT-6).</param>
/// <param name="GrantedByAccountId">The parent's diary account, when they signed in to one.</param>
public sealed record ParentalConsent(
    long Id,
    string RegionCode,
    string ChildAccountId,
    string GrantedByEsiaSubjectHash,
    string? GrantedByAccountId,
    DateTimeOffset GrantedAt,
    DateTimeOffset? RevokedAt,
    string? RevokedByEsiaSubjectHash);

/// <summary>
/// R-CONSENT-3: created when a minor without consent tries to sign in; one pending request per child and region
/// (deduplicated in SQL). Closed when a parent grants or declines.
/// </summary>
public sealed record ConsentRequest(
    Guid Id,
    string RegionCode,
    string ChildAccountId,
    DateTimeOffset CreatedAt,
    string Status,
    DateTimeOffset? DecidedAt,
    string? DecidedByEsiaSubjectHash);

public static class ConsentRequestStatuses
{
    public const string Pending = "pending";
    public const string Granted = "granted";
    public const string Declined = "declined";
}

/// <summary>
/// R-CONSENT-6: "this ESIA person is this diary child's parent", established from ESIA's list of the parent's children
/// (<c>/rs/prns/{oid}/kids</c>) at the parent's sign-in and matched to the child's diary account. Replaced at each of the
/// parent's sign-ins.
/// </summary>
/// <param name="ChildEsiaSubjectHash">The keyed hash of the child's own ESIA id, when ESIA gave it.</param>
public sealed record FamilyRelation(
    string RegionCode,
    string ParentEsiaSubjectHash,
    string ChildAccountId,
    string? ChildEsiaSubjectHash,
    DateTimeOffset VerifiedAt);
