namespace IdentityBroker.Server.Configuration;

/// <summary>The directory sync API (<c>IdentityBroker:DirectorySync</c>, issue #13; validated by <see cref="DirectorySyncOptionsValidator"/>).</summary>
public sealed class DirectorySyncOptions
{
    /// <summary>The default <see cref="BatchRetention"/>: 30 days.</summary>
    public static readonly TimeSpan DefaultBatchRetention = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a pushed batch's id and outcome are kept (issue #13): a retried batch id is idempotent for this long; older
    /// records are deleted in batches by the background cleanup (<c>Hosting/ExpiredStateCleanupService</c>). Must be positive.
    /// </summary>
    public TimeSpan BatchRetention { get; set; } = DefaultBatchRetention;

    public const int DefaultMaxBatchRows = 10_000;

    public const long DefaultMaxBatchBytes = 16 * 1024 * 1024;

    /// <summary>Rows per pushed batch (docs/directory-sync.md); more is refused with 413, nothing written. 1 to 1 000 000.</summary>
    public int MaxBatchRows { get; set; } = DefaultMaxBatchRows;

    /// <summary>Bytes per pushed batch, counted as read (<c>Admin/BoundedBody</c>); more is refused with 413. 1 KiB to 1 GiB.</summary>
    public long MaxBatchBytes { get; set; } = DefaultMaxBatchBytes;
}
