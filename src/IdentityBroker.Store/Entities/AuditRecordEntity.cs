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

    /// <summary>Keyed hash of the person's SNILS, for the lookup by SNILS (R-ERR-1).</summary>
    public string? PersonSnilsHash { get; set; }

    /// <summary>Keyed hash of normalised name + birth date, for the lookup by name and birth date (R-ERR-1).</summary>
    public string? PersonNameBirthHash { get; set; }
}
