namespace IdentityBroker.Store.Directory;

/// <summary>A row the import refused.</summary>
/// <param name="Line">1-based line in the file where the row starts (the CSV header is line 1).</param>
/// <param name="Reason">E.g. "snils: checksum does not match" (the line is <paramref name="Line"/>, not repeated here). Names
/// the field, never its value.</param>
public sealed record RejectedRow(int Line, string Reason);

/// <summary>
/// An imported row whose name mixes Cyrillic and Latin letters (a look-alike Latin letter typed on an English layout): it
/// will match nobody whose ESIA name is Cyrillic (R-MATCH-4), so the school should correct it. Line and account id only.
/// </summary>
public sealed record MixedScriptRow(int Line, string AccountId);
