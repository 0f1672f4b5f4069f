namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.audit_records</c>. No personal data (see the Core <c>AuditRecord</c>).</summary>
public sealed class AuditRecordEntity
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public string EventType { get; set; } = "";

    public string? RegionCode { get; set; }

    public string? ClientId { get; set; }

    public string Outcome { get; set; } = "";

    public string? RuleId { get; set; }

    public string? DiaryAccountId { get; set; }

    public string? EsiaSubjectHash { get; set; }

    public string? ReferenceNumber { get; set; }

    public string? Detail { get; set; }
}
