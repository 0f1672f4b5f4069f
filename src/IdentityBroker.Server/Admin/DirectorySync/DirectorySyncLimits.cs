using IdentityBroker.Server.Configuration;

namespace IdentityBroker.Server.Admin.DirectorySync;

/// <summary>
/// Bounds of one directory sync batch (<c>IdentityBroker:DirectorySync:MaxBatchRows</c> / <c>MaxBatchBytes</c>,
/// docs/directory-sync.md), from <see cref="DirectorySyncOptions"/>: validated with the other settings at start-up
/// (<see cref="DirectorySyncOptionsValidator"/>), read once when the endpoints are mapped.
/// </summary>
internal sealed record DirectorySyncLimits(int MaxBatchRows, long MaxBatchBytes)
{
    public static DirectorySyncLimits From(DirectorySyncOptions options) => new(options.MaxBatchRows, options.MaxBatchBytes);
}
