namespace IdentityBroker.Core.Stores;

/// <summary>What an authorization code stands for. The code itself is never stored, only its SHA-256 (<see cref="CodeHash"/>).</summary>
/// <param name="Subject">The diary account id (R-TOKEN-2).</param>
/// <param name="SessionId">The broker session (<c>sid</c>).</param>
/// <param name="DpopJkt">RFC 9449 §10: the key the code is bound to (from <c>dpop_jkt</c> or a DPoP proof at PAR); null if unbound.</param>
public sealed record AuthorizationCodeGrant(
    string CodeHash,
    string ClientId,
    string RedirectUri,
    string Subject,
    string RegionCode,
    string Scope,
    string? Nonce,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    string SessionId,
    DateTimeOffset AuthTime,
    string? Acr,
    IReadOnlyList<string> Amr,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string? DpopJkt = null);
