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

    /// <summary>Serialises the start-up sync of client registrations between replicas.</summary>
    public const long ClientRegistrations = 0x4942_636C_6965_6E74;
}
