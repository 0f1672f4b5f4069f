namespace IdentityBroker.Server.Configuration;

/// <summary>The directory sync API (<c>IdentityBroker:DirectorySync</c>; its batch limits are read by <c>Admin/DirectorySync/DirectorySyncLimits</c>).</summary>
public sealed class DirectorySyncOptions
{
    /// <summary>The default <see cref="BatchRetention"/>: 30 days.</summary>
    public static readonly TimeSpan DefaultBatchRetention = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a pushed batch's id and outcome are kept (issue #13): a retried batch id is idempotent for this long; older
    /// records are deleted in batches by the background cleanup (<c>Hosting/ExpiredStateCleanupService</c>). Must be positive.
    /// </summary>
    public TimeSpan BatchRetention { get; set; } = DefaultBatchRetention;
}
