namespace IdentityBroker.Core.Stores;

/// <summary>
/// A token-signing key as stored. The private part is encrypted by the caller before it reaches the store
/// (<see cref="ProtectedPrivateKey"/>); the store never sees it in the clear.
/// </summary>
/// <param name="Algorithm">"RS256" or "ES256".</param>
/// <param name="PublicJwk">The public key as a JWK (JSON), as published in the JWKS.</param>
/// <param name="ActivatesAt">Published in the JWKS from creation; used for signing only from this time.</param>
/// <param name="RetiresAt">No longer used for signing after this; stays in the JWKS until <see cref="ExpiresAt"/>.</param>
/// <param name="ExpiresAt">Removed from the JWKS (every token it signed has expired).</param>
public sealed record SigningKeyRecord(
    string KeyId,
    string Algorithm,
    string PublicJwk,
    byte[] ProtectedPrivateKey,
    DateTimeOffset CreatedAt,
    DateTimeOffset ActivatesAt,
    DateTimeOffset RetiresAt,
    DateTimeOffset ExpiresAt);
