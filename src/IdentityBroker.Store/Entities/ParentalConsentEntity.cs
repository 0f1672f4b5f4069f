namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.parental_consents</c> (R-CONSENT-2..5). A revoked row stays, with revoked_at, for audit.</summary>
public sealed class ParentalConsentEntity
{
    public long Id { get; set; }

    public string RegionCode { get; set; } = "";

    public string ChildAccountId { get; set; } = "";

    public string GrantedByEsiaSubjectHash { get; set; } = "";

    public string? GrantedByAccountId { get; set; }

    public DateTimeOffset GrantedAt { get; set; }

    /// <summary>Null while active; at most one active row per (region_code, child_account_id).</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedByEsiaSubjectHash { get; set; }
}
