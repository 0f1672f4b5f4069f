using IdentityBroker.Core.Stores;

namespace IdentityBroker.Server.Protocol.Tokens;

/// <summary>
/// What user tokens are issued for: one sign-in (<c>sid</c>) of a diary account, for one client. Built from an
/// authorization code (OIDC Core §3.1.3) or from a refresh token (OIDC Core §12.2: no nonce, the same iss/sub/aud/auth_time/sid).
/// </summary>
internal sealed record UserTokenContext(
    string ClientId,
    string RegionCode,
    string Subject,
    string Scope,
    string SessionId,
    DateTimeOffset AuthTime,
    string? Acr,
    IReadOnlyList<string> Amr,
    string? Nonce)
{
    public IReadOnlySet<string> Scopes { get; } = Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>The refresh-token family the tokens are issued with or from, if any: the access token carries it so that it dies with the family.</summary>
    public string? RefreshFamilyId { get; init; }

    public static UserTokenContext From(AuthorizationCodeGrant grant) =>
        new(grant.ClientId, grant.RegionCode, grant.Subject, grant.Scope, grant.SessionId, grant.AuthTime, grant.Acr, grant.Amr, grant.Nonce);

    /// <param name="scope">The scope granted now: the token's scope or a subset of it (RFC 6749 §6).</param>
    public static UserTokenContext From(RefreshTokenRecord token, string scope) =>
        new(token.ClientId, token.RegionCode, token.Subject, scope, token.SessionId, token.AuthTime, token.Acr, token.Amr, Nonce: null) { RefreshFamilyId = token.FamilyId };
}
