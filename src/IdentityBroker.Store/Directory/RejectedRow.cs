namespace IdentityBroker.Store.Directory;

/// <summary>A row the import refused.</summary>
/// <param name="Line">1-based line in the file where the row starts (the CSV header is line 1).</param>
/// <param name="Reason">E.g. "line 7: snils: checksum does not match". Names the field, never its value.</param>
public sealed record RejectedRow(int Line, string Reason);
