namespace IdentityBroker.Server.Configuration;

/// <summary>The audit log (<c>IdentityBroker:Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>The default <see cref="RetentionPeriod"/>: one year.</summary>
    public static readonly TimeSpan DefaultRetentionPeriod = TimeSpan.FromDays(365);

    /// <summary>
    /// How long audit records are kept; older ones are deleted in batches by the background cleanup
    /// (<c>Hosting/ExpiredStateCleanupService</c>). Must be positive.
    /// </summary>
    public TimeSpan RetentionPeriod { get; set; } = DefaultRetentionPeriod;
}
