using System.Security.Claims;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Protocol.Tokens;

/// <summary>
/// THE rule for the broker's own JWT access tokens (RFC 9068 §4), used by every place that accepts one — userinfo,
/// introspection, revocation, the staff API (issue #10 item 1: revocation must reach every endpoint). A token is valid only if
/// <list type="number">
/// <item>typ at+jwt, issuer, audience, algorithm and signature check out;</item>
/// <item>it has not expired;</item>
/// <item>its jti is not revoked (RFC 7009 revocation, a replayed code: <see cref="IRevokedTokenStore"/>);</item>
/// <item>its broker session (<c>sid</c>) has not been ended — RP-initiated or back-channel logout, consent withdrawn at
/// <c>/account</c>, parental consent revoked (see <see cref="SessionEndedAsync"/>);</item>
/// <item>the refresh-token family it was issued with or from (claim <see cref="RefreshFamilyClaim"/>) has not been revoked —
/// reuse detected, RFC 7009 revocation of the refresh token, logout and consent withdrawal (both revoke the refresh tokens).</item>
/// </list>
/// Consent withdrawal has no check of its own: it ends the person's sessions and revokes their refresh tokens in the same
/// request (Account/DataConsentRevocation.cs), which items 4 and 5 see. Diary back-ends learn of all this through
/// introspection, which applies this same rule (docs/revocation.md).
/// </summary>
internal sealed class AccessTokenValidator(
    SigningKeyManager keys, IRevokedTokenStore revoked, ISessionStore sessions, IRefreshTokenStore refreshTokens, IOptions<BrokerOptions> options, TimeProvider time)
{
    /// <summary>The refresh-token family of a user access token (an opaque random id, not a credential).</summary>
    public const string RefreshFamilyClaim = "rt_family";

    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<ClaimsIdentity?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = o.Issuer,
            ValidAudience = o.DiaryApiAudience,
            IssuerSigningKeys = await keys.GetValidationKeysAsync(cancellationToken),
            ValidTypes = [ProtocolNames.JwtTypes.AccessToken],
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256], // IdentityBroker:Signing:Algorithm; during a switch both are live
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (nbf, exp, _, p) => exp is { } e && e > time.GetUtcNow().UtcDateTime - p.ClockSkew,
        });
        if (!result.IsValid || result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Jti)?.Value is not { Length: > 0 } jti || result.SecurityToken is not JsonWebToken jwt)
        {
            return null;
        }

        if (await revoked.IsRevokedAsync(jti, cancellationToken) ||
            await SessionEndedAsync(jwt, o.SessionLifetime, time.GetUtcNow(), cancellationToken) ||
            (jwt.TryGetPayloadValue<string>(RefreshFamilyClaim, out var family) && !string.IsNullOrEmpty(family) &&
             await refreshTokens.IsFamilyRevokedAsync(family, cancellationToken)))
        {
            return null;
        }

        return result.ClaimsIdentity;
    }

    /// <summary>
    /// A user token dies with its broker session when the session is ended (logout, back-channel logout, consent withdrawn)
    /// — not when it merely runs out: offline access (OIDC Core §11) outlives the browser session, and the store deletes
    /// expired sessions. So the check applies while the session can still be alive (before auth_time + SessionLifetime;
    /// the session was created at or after auth_time), and asks whether the session, live when the token was issued, has
    /// since been ended or removed. Past that point an offline token is held by its refresh family (checked above), which
    /// logout and consent withdrawal revoke in the same transaction.
    /// </summary>
    private async Task<bool> SessionEndedAsync(JsonWebToken access, TimeSpan sessionLifetime, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!access.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Sid, out var sid) || string.IsNullOrEmpty(sid))
        {
            return false; // client_credentials: no session
        }

        if (access.TryGetPayloadValue<long>(JwtRegisteredClaimNames.AuthTime, out var authTime) && now >= DateTimeOffset.FromUnixTimeSeconds(authTime) + sessionLifetime)
        {
            return false;
        }

        var issuedAt = new DateTimeOffset(DateTime.SpecifyKind(access.IssuedAt, DateTimeKind.Utc));
        return await sessions.FindActiveAsync(sid, issuedAt, cancellationToken) is null;
    }

    /// <summary>
    /// A token presented at a protected resource, with the key thumbprint of the request's valid DPoP proof, or null when
    /// it came as a bearer token. A DPoP-bound token (<c>cnf.jkt</c>, RFC 9449 §6.1) is accepted only with a proof by that
    /// key, so a bound token presented as Bearer is refused (§7.2); an unbound token is refused under the DPoP scheme (§7.1).
    /// </summary>
    public async Task<ClaimsIdentity?> ValidatePresentedAsync(string token, string? proofJkt, CancellationToken cancellationToken)
    {
        var identity = await ValidateAsync(token, cancellationToken);
        if (identity is null || !TryReadBoundJkt(identity, out var boundJkt))
        {
            return null;
        }

        return string.Equals(boundJkt, proofJkt, StringComparison.Ordinal) ? identity : null;
    }

    /// <summary>RFC 7800 §3.1 / RFC 9449 §6.1: <c>cnf</c> is a JSON object; its <c>jkt</c> names the key. False if malformed.</summary>
    private static bool TryReadBoundJkt(ClaimsIdentity identity, out string? jkt)
    {
        jkt = null;
        if (identity.FindFirst(ConfirmationClaimTypes.Cnf)?.Value is not { } cnf)
        {
            return true;
        }

        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(cnf);
            if (doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object &&
                doc.RootElement.TryGetProperty(ConfirmationClaimTypes.Jkt, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                jkt = value.GetString();
                return !string.IsNullOrEmpty(jkt);
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // malformed: refused below
        }

        return false;
    }
}
