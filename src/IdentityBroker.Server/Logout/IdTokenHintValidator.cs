using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol.Tokens;
using IdentityBroker.Server.Regions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Logout;

/// <summary>
/// Validates <c>id_token_hint</c> at the end-session endpoint (OIDC RP-Initiated Logout 1.0 §2, §4): an ID token this broker
/// issued, RS256-signed with one of its published keys, <c>iss</c> exact, audience one registered client. Expiry is not
/// checked (§2: "the OP … SHOULD accept ID Tokens … even when the exp time has passed"). Anything else (alg none, a
/// foreign key, an access or logout token, garbage) is "no valid hint": the caller then never redirects.
/// </summary>
internal sealed class IdTokenHintValidator(SigningKeyManager keys, RegionCatalog catalog, IOptions<BrokerOptions> options)
{
    private const int MaxLength = 16 * 1024;
    private static readonly JsonWebTokenHandler Handler = new() { MaximumTokenSizeInBytes = MaxLength };

    public async Task<IdTokenHint?> ValidateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            return null;
        }

        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Value.Issuer,
            ValidateAudience = false, // checked below: exactly one registered client
            ValidateLifetime = false,
            RequireExpirationTime = false,
            IssuerSigningKeys = await keys.GetValidationKeysAsync(cancellationToken),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256], // IdentityBroker:Signing:Algorithm; alg none never
            ValidTypes = ["JWT"], // ID tokens; access tokens are at+jwt, logout tokens logout+jwt
            RequireSignedTokens = true,
            TryAllIssuerSigningKeys = false,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return null;
        }

        var audiences = jwt.Audiences.ToList();
        if (audiences.Count != 1 || catalog.FindClient(audiences[0]) is not { } client || string.IsNullOrEmpty(jwt.Subject))
        {
            return null;
        }

        var sid = jwt.TryGetPayloadValue<string>("sid", out var s) && !string.IsNullOrEmpty(s) ? s : null;
        return new IdTokenHint(client, jwt.Subject, sid);
    }
}

/// <summary>A valid <c>id_token_hint</c>: the client it was issued to, its subject and broker session.</summary>
internal sealed record IdTokenHint(RegisteredClient Client, string Subject, string? SessionId);
