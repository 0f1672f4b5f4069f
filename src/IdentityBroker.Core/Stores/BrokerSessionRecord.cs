namespace IdentityBroker.Core.Stores;

/// <summary>A server-side broker session (<c>sid</c>): single sign-on between a region's clients, logout, back-channel logout.</summary>
/// <param name="Subject">The diary account id signed into.</param>
/// <param name="EsiaSubjectHash">Keyed hash of the ESIA oid (for consent revocation and diagnostics; never the oid).</param>
public sealed record BrokerSessionRecord(
    string SessionId,
    string RegionCode,
    string Subject,
    string EsiaSubjectHash,
    DateTimeOffset AuthTime,
    string? Acr,
    IReadOnlyList<string> Amr,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? EndedAt);
