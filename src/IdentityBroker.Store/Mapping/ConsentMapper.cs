using IdentityBroker.Core.Consent;
using IdentityBroker.Store.Entities;

namespace IdentityBroker.Store.Mapping;

/// <summary>Between the consent tables (R-CONSENT-1..6) and the Core consent records.</summary>
internal static class ConsentMapper
{
    public static DataConsent ToRecord(DataConsentEntity e) =>
        new(e.Id, e.RegionCode, e.EsiaSubjectHash, e.TextVersion, e.ClientId, e.GrantedAt, e.RevokedAt);

    public static ParentalConsent ToRecord(ParentalConsentEntity e) =>
        new(e.Id, e.RegionCode, e.ChildAccountId, e.GrantedByEsiaSubjectHash, e.GrantedByAccountId, e.GrantedAt, e.RevokedAt, e.RevokedByEsiaSubjectHash);

    public static ConsentRequest ToRecord(ConsentRequestEntity e) =>
        new(e.Id, e.RegionCode, e.ChildAccountId, e.CreatedAt, e.Status, e.DecidedAt, e.DecidedByEsiaSubjectHash);

    public static FamilyRelation ToRecord(FamilyRelationEntity e) =>
        new(e.RegionCode, e.ParentEsiaSubjectHash, e.ChildAccountId, e.ChildEsiaSubjectHash, e.VerifiedAt);
}
