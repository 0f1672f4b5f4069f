namespace IdentityBroker.Store.Directory;

/// <summary>The input has more rows than <see cref="DirectoryImportOptions.MaxRows"/>; nothing was written.</summary>
public sealed class DirectoryBatchTooLargeException(int maxRows)
    : Exception($"the batch has more than {maxRows} rows; nothing was written. Split it into batches of at most {maxRows} rows.")
{
    public int MaxRows { get; } = maxRows;
}
