namespace IdentityBroker.Store.Directory;

/// <summary>The import was refused as a whole and wrote nothing (e.g. a full sync that would remove too many accounts).</summary>
public sealed class DirectoryImportRefusedException(string message) : Exception(message);
