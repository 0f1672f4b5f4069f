using IdentityBroker.Store.Entities;

namespace IdentityBroker.Store.Directory;

/// <summary>A row that passed validation: the account as it should be stored (hashes, normalized name) and its children.</summary>
internal sealed record ValidatedAccount(int Line, DiaryAccountEntity Account, IReadOnlyList<string> ChildIds);
