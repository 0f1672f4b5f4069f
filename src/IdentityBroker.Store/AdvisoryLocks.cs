namespace IdentityBroker.Store;

/// <summary>
/// PostgreSQL advisory lock keys used by the store. Fixed values: every replica must use the same key for the same job.
/// (ASCII of "IBmigrat" / "IBsigkey" / "IBcleanp" as 64-bit integers, so they are unlikely to clash with anyone else's.)
/// </summary>
public static class AdvisoryLocks
{
    /// <summary>Held (session level) while migrations run.</summary>
    public const long Migrations = 0x4942_6D69_6772_6174;

    /// <summary>Held (transaction level) while deciding whether a signing key must be added.</summary>
    public const long SigningKeys = 0x4942_7369_676B_6579;

    /// <summary>For the expired-row cleanup host (so one replica cleans at a time).</summary>
    public const long Cleanup = 0x4942_636C_6561_6E70;

    /// <summary>For audit retention (transaction level, per batch), apart from <see cref="Cleanup"/> so a long retention run
    /// does not hold up the expired-state cleanup.</summary>
    public const long AuditRetention = 0x4942_6175_6472_6574;

    /// <summary>For directory sync batch retention (transaction level, per batch; "IBdsret").</summary>
    public const long DirectorySyncRetention = 0x4942_6473_7265_7400;

    /// <summary>Serialises the start-up sync of client registrations between replicas.</summary>
    public const long ClientRegistrations = 0x4942_636C_6965_6E74;

    /// <summary>
    /// Class (first key of the two-integer form) of the transaction-level locks that serialise changes to one person's data
    /// consent (R-CONSENT-1); the second key is <c>hashtext(region || '/' || esia_subject_hash)</c>. The two-integer
    /// form lives in a lock space apart from the 64-bit keys above.
    /// </summary>
    public const int DataConsentClass = 0x4942_6463; // "IBdc"

    /// <summary>Class of the locks that serialise the replacement of one parent's family relations (R-CONSENT-6).</summary>
    public const int FamilyRelationClass = 0x4942_6672; // "IBfr"
}
