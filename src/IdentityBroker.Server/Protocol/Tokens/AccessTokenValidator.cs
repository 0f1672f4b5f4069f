using System.Security.Claims;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Protocol.Tokens;

/// <summary>
/// Validates the broker's own JWT access tokens (RFC 9068 §4): typ at+jwt, issuer, audience, lifetime, signature, and a
/// jti not revoked (RFC 7009 revocation, replayed code: <see cref="IRevokedTokenStore"/>).
/// </summary>
internal sealed class AccessTokenValidator(SigningKeyManager keys, IRevokedTokenStore revoked, IOptions<BrokerOptions> options, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<ClaimsIdentity?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = o.Issuer,
            ValidAudience = o.DiaryApiAudience,
            IssuerSigningKeys = await keys.GetValidationKeysAsync(cancellationToken),
            ValidTypes = ["at+jwt"],
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256], // IdentityBroker:Signing:Algorithm; during a switch both are live
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (nbf, exp, _, p) => exp is { } e && e > time.GetUtcNow().UtcDateTime - p.ClockSkew,
        });
        if (!result.IsValid || result.ClaimsIdentity.FindFirst("jti")?.Value is not { Length: > 0 } jti)
        {
            return null;
        }

        return await revoked.IsRevokedAsync(jti, cancellationToken) ? null : result.ClaimsIdentity;
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
        if (identity.FindFirst("cnf")?.Value is not { } cnf)
        {
            return true;
        }

        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(cnf);
            if (doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object &&
                doc.RootElement.TryGetProperty("jkt", out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String)
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
