using IdentityBroker.Store.Entities;

namespace IdentityBroker.Store.Directory;

/// <summary>
/// A row that passed validation: the account as it should be stored (hashes, normalized name) and its children; or,
/// with <see cref="Removed"/>, only the id of an account to remove (R-MATCH-7).
/// </summary>
/// <param name="PasswordHashGiven">The row carries the password-hash field (R-MATCH-6); <see cref="DiaryAccountEntity.PasswordHash"/>
/// then replaces the stored hash (null clears it). Otherwise the stored hash is kept.</param>
internal sealed record ValidatedAccount(int Line, DiaryAccountEntity Account, IReadOnlyList<string> ChildIds, bool PasswordHashGiven = false, bool Removed = false);
