namespace IdentityBroker.Core.People;

/// <summary>The raw signals ESIA gives about an account's level (ESIA.md §7).</summary>
/// <param name="SubjectLevel">ID token <c>urn:esia:sbj:lvl</c>: "P", "PR" or "KD".</param>
/// <param name="IsTrusted">ID token <c>urn:esia:sbj:is_tru</c> (absent = false), or <c>trusted</c> from /rs/prns.</param>
/// <param name="HasSnils">/rs/prns returned a SNILS (available only for standard and confirmed accounts).</param>
/// <param name="HasVerifiedIdentityDocument">The document named by <c>rIdDoc</c> exists with <c>vrfStu=VERIFIED</c>.</param>
public sealed record AccountLevelSignals(
    string? SubjectLevel,
    bool IsTrusted,
    bool HasSnils,
    bool HasVerifiedIdentityDocument);
