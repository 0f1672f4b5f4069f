using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.DemoClient.Oidc;

/// <summary>ID token validation for the code flow (OIDC Core §3.1.3.7), on top of <see cref="JsonWebTokenHandler"/>.</summary>
internal sealed class IdTokenValidator(OidcMetadata metadata, IOptions<DemoClientOptions> options)
{
    private const string UserMessage = "Ответ сервера входа не прошёл проверку подлинности. Попробуйте войти ещё раз.";
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    public async Task<JsonWebToken> ValidateAsync(string idToken, string expectedNonce, string accessToken, CancellationToken cancellationToken)
    {
        var configuration = await metadata.GetAsync(cancellationToken);
        var result = await Handler.ValidateTokenAsync(idToken, CreateParameters(configuration));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The broker may have rotated its keys since the JWKS was cached: fetch it again once.
            metadata.RequestRefresh();
            configuration = await metadata.GetAsync(cancellationToken);
            result = await Handler.ValidateTokenAsync(idToken, CreateParameters(configuration));
        }

        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            throw Fail(Describe(result.Exception));
        }

        CheckProtocolClaims(token, expectedNonce, accessToken, options.Value.ClientId);
        return token;
    }

    internal TokenValidationParameters CreateParameters(OpenIdConnectConfiguration configuration)
    {
        var algorithms = configuration.IdTokenSigningAlgValuesSupported
            .Where(a => !string.Equals(a, "none", StringComparison.OrdinalIgnoreCase))
            .ToList();
        return new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = options.Value.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = algorithms.Count > 0 ? algorithms : null,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromMinutes(2),
            NameClaimType = "name",
            RoleClaimType = "role",
        };
    }

    /// <summary>The checks JsonWebTokenHandler does not make: typ, nonce, azp, sub, iat and at_hash.</summary>
    internal static void CheckProtocolClaims(JsonWebToken token, string expectedNonce, string accessToken, string clientId)
    {
        // An access token in JWT form (RFC 9068) must never be accepted as an ID token.
        if (token.Typ is { Length: > 0 } typ
            && (typ.Equals("at+jwt", StringComparison.OrdinalIgnoreCase) || typ.Equals("application/at+jwt", StringComparison.OrdinalIgnoreCase)))
        {
            throw Fail($"ID token has typ '{typ}', which marks an access token.");
        }

        if (!token.TryGetPayloadValue<string>("nonce", out var nonce) || !Pkce.FixedTimeEquals(expectedNonce, nonce))
        {
            throw Fail("ID token nonce does not match the nonce sent in the authorization request.");
        }

        var audiences = token.Audiences.ToList();
        var hasAzp = token.TryGetPayloadValue<string>("azp", out var azp);
        if ((audiences.Count > 1 || hasAzp) && !string.Equals(azp, clientId, StringComparison.Ordinal))
        {
            throw Fail("ID token azp is missing or is not this client_id.");
        }

        if (string.IsNullOrEmpty(token.Subject))
        {
            throw Fail("ID token has no sub claim.");
        }

        if (!token.TryGetPayloadValue<long>("iat", out _))
        {
            throw Fail("ID token has no iat claim.");
        }

        if (token.TryGetPayloadValue<string>("at_hash", out var atHash) && !AtHashMatches(atHash, accessToken, token.Alg))
        {
            throw Fail("ID token at_hash does not match the access token.");
        }
    }

    /// <summary>at_hash = base64url(left half of hash(access_token)), the hash matching the JWS alg (OIDC Core §3.1.3.6).</summary>
    internal static bool AtHashMatches(string atHash, string accessToken, string alg)
    {
        var bytes = Encoding.ASCII.GetBytes(accessToken);
        byte[] hash = (alg.Length >= 3 ? alg[^3..] : "") switch
        {
            "256" => SHA256.HashData(bytes),
            "384" => SHA384.HashData(bytes),
            "512" => SHA512.HashData(bytes),
            _ => [],
        };
        return hash.Length > 0 && Pkce.FixedTimeEquals(Base64Url.EncodeToString(hash.AsSpan(0, hash.Length / 2)), atHash);
    }

    private static string Describe(Exception? ex) => ex switch
    {
        SecurityTokenInvalidIssuerException => "ID token issuer does not match the discovered issuer.",
        SecurityTokenInvalidAudienceException => "ID token audience does not contain this client_id.",
        SecurityTokenExpiredException => "ID token has expired.",
        SecurityTokenNotYetValidException => "ID token is not valid yet (nbf).",
        SecurityTokenNoExpirationException => "ID token has no exp claim.",
        SecurityTokenSignatureKeyNotFoundException => "ID token is signed with a key that is not in the broker's JWKS.",
        SecurityTokenInvalidSignatureException => "ID token signature is invalid.",
        SecurityTokenInvalidAlgorithmException => "ID token is signed with an algorithm the broker does not advertise.",
        SecurityTokenMalformedException or ArgumentException => "ID token is not a well-formed signed JWT.",
        null => "ID token could not be validated.",
        _ => $"ID token validation failed ({ex.GetType().Name}).",
    };

    private static OidcFlowException Fail(string detail) => new("invalid_id_token", UserMessage, detail);
}
