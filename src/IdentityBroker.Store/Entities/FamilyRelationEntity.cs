namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.family_relations</c> (R-CONSENT-6): an ESIA parent and a child's diary account, verified from
/// ESIA's list of the parent's children at the parent's sign-in.</summary>
public sealed class FamilyRelationEntity
{
    public string RegionCode { get; set; } = "";

    public string ParentEsiaSubjectHash { get; set; } = "";

    public string ChildAccountId { get; set; } = "";

    public string? ChildEsiaSubjectHash { get; set; }

    public DateTimeOffset VerifiedAt { get; set; }
}
