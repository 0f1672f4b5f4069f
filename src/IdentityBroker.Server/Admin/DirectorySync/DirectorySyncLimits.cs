namespace IdentityBroker.Server.Admin.DirectorySync;

/// <summary>
/// Bounds of one directory sync batch (<c>IdentityBroker:DirectorySync:*</c>, docs/directory-sync.md). Read once when the
/// endpoints are mapped, so a bad value stops start-up with the key named.
/// </summary>
internal sealed record DirectorySyncLimits(int MaxBatchRows, long MaxBatchBytes)
{
    public const string Section = "IdentityBroker:DirectorySync";

    public const int DefaultMaxBatchRows = 10_000;

    public const long DefaultMaxBatchBytes = 16 * 1024 * 1024;

    public static DirectorySyncLimits From(IConfiguration configuration)
    {
        var rows = Read(configuration, "MaxBatchRows", DefaultMaxBatchRows, 1, 1_000_000);
        var bytes = Read(configuration, "MaxBatchBytes", DefaultMaxBatchBytes, 1024, 1L << 30);
        return new DirectorySyncLimits((int)rows, bytes);
    }

    private static long Read(IConfiguration configuration, string name, long fallback, long min, long max)
    {
        var key = $"{Section}:{name}";
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"{key} must be a whole number from {min} to {max} (got '{text}'); remove it for the default {fallback}.");
    }
}
