using System.Security.Claims;
using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Protocol.Tokens;

/// <summary>Validates the broker's own JWT access tokens (RFC 9068 §4): typ at+jwt, issuer, audience, lifetime, signature.</summary>
internal sealed class AccessTokenValidator(SigningKeyManager keys, IOptions<BrokerOptions> options, TimeProvider time)
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
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (nbf, exp, _, p) => exp is { } e && e > time.GetUtcNow().UtcDateTime - p.ClockSkew,
        });
        return result.IsValid ? result.ClaimsIdentity : null;
    }
}
