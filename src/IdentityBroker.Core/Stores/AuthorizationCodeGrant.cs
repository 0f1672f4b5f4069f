namespace IdentityBroker.Core.Stores;

/// <summary>What an authorization code stands for. The code itself is never stored, only its SHA-256 (<see cref="CodeHash"/>).</summary>
/// <param name="Subject">The diary account id (R-TOKEN-2).</param>
/// <param name="SessionId">The broker session (<c>sid</c>).</param>
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
    DateTimeOffset ExpiresAt);
