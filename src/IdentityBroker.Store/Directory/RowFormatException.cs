namespace IdentityBroker.Store.Directory;

/// <summary>A row-level problem found while reading a field; becomes a rejected row, not a failed import.</summary>
internal sealed class RowFormatException(string field, string problem) : Exception($"{field}: {problem}")
{
    public string Field { get; } = field;
}
