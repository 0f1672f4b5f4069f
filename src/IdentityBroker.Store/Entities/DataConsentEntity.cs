namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.data_consents</c> (R-CONSENT-1). The person only as the keyed hash of the ESIA id.</summary>
public sealed class DataConsentEntity
{
    public long Id { get; set; }

    public string RegionCode { get; set; } = "";

    public string EsiaSubjectHash { get; set; } = "";

    public string TextVersion { get; set; } = "";

    public string ClientId { get; set; } = "";

    public DateTimeOffset GrantedAt { get; set; }

    /// <summary>Null while active; at most one active row per (region_code, esia_subject_hash).</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}
