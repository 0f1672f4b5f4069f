namespace IdentityBroker.Store.Directory;

/// <summary>The file formats <see cref="DirectoryImporter"/> reads (FORMATS.md).</summary>
public enum DirectoryFileFormat
{
    /// <summary>UTF-8, one JSON object per line.</summary>
    JsonLines,

    /// <summary>UTF-8 RFC 4180 CSV with a header row; list cells separated by <c>;</c>.</summary>
    Csv,
}
