namespace IdentityBroker.Core.Stores;

/// <summary>
/// A refresh token as stored: only the SHA-256 of the handle (<see cref="TokenHash"/>). Every rotation creates a successor
/// in the same <see cref="FamilyId"/>; a reuse outside the grace window revokes the whole family (RFC 9700 §4.14.2).
/// </summary>
/// <param name="DpopJkt">RFC 9449: the JWK thumbprint the token is bound to (public clients using DPoP); null if unbound.</param>
/// <param name="SessionId">The broker session it belongs to; ending the session revokes it.</param>
public sealed record RefreshTokenRecord(
    string TokenHash,
    string FamilyId,
    string ClientId,
    string Subject,
    string RegionCode,
    string Scope,
    string SessionId,
    DateTimeOffset AuthTime,
    string? Acr,
    IReadOnlyList<string> Amr,
    string? DpopJkt,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);
