namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.consent_requests</c> (R-CONSENT-3): at most one pending row per (region_code, child_account_id).</summary>
public sealed class ConsentRequestEntity
{
    public Guid Id { get; set; }

    public string RegionCode { get; set; } = "";

    public string ChildAccountId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>"pending", "granted" or "declined" (<c>ConsentRequestStatuses</c>).</summary>
    public string Status { get; set; } = "";

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecidedByEsiaSubjectHash { get; set; }
}
