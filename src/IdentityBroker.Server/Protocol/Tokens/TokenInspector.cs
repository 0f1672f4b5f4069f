using IdentityBroker.Core.Stores;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityBroker.Server.Protocol.Tokens;

/// <summary>
/// Tells what a presented token is, for revocation (RFC 7009) and introspection (RFC 7662): one of our refresh tokens
/// (usable: unused, unrevoked, unexpired) or one of our access tokens (signature, issuer, audience, lifetime valid). Anything
/// else — garbage, foreign, expired, spent — is <see cref="InspectedToken.None"/>. <paramref name="hint"/> only chooses the
/// order of the look-ups (RFC 7009 §2.1, RFC 7662 §2.1).
/// </summary>
internal sealed class TokenInspector(IRefreshTokenStore refreshTokens, AccessTokenValidator validator, TimeProvider time)
{
    public async Task<InspectedToken> InspectAsync(string token, string? hint, CancellationToken cancellationToken)
    {
        if (hint == ProtocolNames.TokenTypeHints.AccessToken)
        {
            return await AccessAsync(token, cancellationToken) ?? await RefreshAsync(token, cancellationToken) ?? InspectedToken.None;
        }

        return await RefreshAsync(token, cancellationToken) ?? await AccessAsync(token, cancellationToken) ?? InspectedToken.None;
    }

    private async Task<InspectedToken?> RefreshAsync(string token, CancellationToken cancellationToken)
    {
        // our handles are 43 base64url characters; anything else is not worth a database round trip
        if (token.Length != 43)
        {
            return null;
        }

        return await refreshTokens.FindAsync(OpaqueHandle.Hash(token), time.GetUtcNow(), cancellationToken) is { } record
            ? new InspectedToken(record, null)
            : null;
    }

    private async Task<InspectedToken?> AccessAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Count(c => c == '.') != 2 || await validator.ValidateAsync(token, cancellationToken) is null)
        {
            return null;
        }

        var jwt = new JsonWebToken(token);
        return string.IsNullOrEmpty(jwt.Id) ? null : new InspectedToken(null, jwt);
    }
}

/// <summary>Exactly one of <see cref="Refresh"/> and <see cref="Access"/> is set, or neither (<see cref="None"/>).</summary>
internal sealed record InspectedToken(RefreshTokenRecord? Refresh, JsonWebToken? Access)
{
    public static readonly InspectedToken None = new(null, null);

    /// <summary>The client the token was issued to.</summary>
    public string? ClientId => Refresh?.ClientId ?? (Access is { } a && a.TryGetPayloadValue<string>(ProtocolNames.Claims.ClientId, out var id) ? id : null);

    /// <summary>The region of the token (the client's region for client_credentials tokens).</summary>
    public string? RegionCode => Refresh?.RegionCode ?? (Access is { } a && a.TryGetPayloadValue<string>(ProtocolNames.Claims.Region, out var region) ? region : null);
}
