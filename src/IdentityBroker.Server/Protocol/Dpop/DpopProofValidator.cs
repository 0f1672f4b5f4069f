using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Protocol.Dpop;

/// <summary>
/// Checks the <c>DPoP</c> proof of one request, in the order of RFC 9449 §4.3: one header, a signed JWT with
/// <c>typ: dpop+jwt</c>, an asymmetric <c>alg</c>, a public <c>jwk</c> that verifies the signature, <c>htm</c> and
/// <c>htu</c> of this request, <c>iat</c> within ±60 s, <c>ath</c> when an access token comes with it, and a <c>jti</c>
/// never seen before (shared <see cref="IReplayCache"/>, so a proof cannot be replayed at another replica).
/// </summary>
internal sealed class DpopProofValidator(IReplayCache replays, IOptions<BrokerOptions> options, TimeProvider time, ILogger<DpopProofValidator> logger)
{
    /// <summary>Far more than any proof with an RSA-4096 key; larger headers are refused before parsing.</summary>
    private const int MaxProofLength = 8192;

    /// <summary>Members that only a private (or symmetric) JWK has (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 9449 §4.3 point 7).</summary>
    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>
    /// Validates the proof sent to <paramref name="route"/> (a <see cref="ProtocolRoutes"/> path). <paramref name="accessToken"/>
    /// is the token presented with the proof at a protected resource (then <c>ath</c> is required, RFC 9449 §4.3 point 12, §7).
    /// </summary>
    public async Task<DpopProofResult> ValidateAsync(HttpRequest request, string route, string? accessToken, CancellationToken cancellationToken)
    {
        var headers = request.Headers[DpopConstants.HeaderName];
        if (headers.Count == 0)
        {
            return DpopProofResult.Absent;
        }

        var result = await CheckAsync(headers, request.Method, route, accessToken, cancellationToken);
        if (result.Error is not null)
        {
            DpopLog.ProofRejected(logger, route, result.Error);
        }

        return result;
    }

    private async Task<DpopProofResult> CheckAsync(
        Microsoft.Extensions.Primitives.StringValues headers, string method, string route, string? accessToken, CancellationToken cancellationToken)
    {
        // §4.3 points 1–2: exactly one header, a well-formed signed JWT (JWS compact: three parts)
        if (headers.Count != 1 || headers[0] is not { Length: > 0 and <= MaxProofLength } proof || proof.Split('.').Length != 3)
        {
            return DpopProofResult.Invalid("Exactly one DPoP header with a signed JWT is required.");
        }

        if (ReadHeader(proof) is not { } header)
        {
            return DpopProofResult.Invalid("The DPoP proof is not a well-formed JWT.");
        }

        using (header)
        {
            var h = header.RootElement;

            // §4.3 point 4: typ
            if (!h.TryGetProperty(JwtHeaderParameterNames.Typ, out var typ) || typ.ValueKind != JsonValueKind.String ||
                !string.Equals(typ.GetString(), DpopConstants.ProofType, StringComparison.OrdinalIgnoreCase))
            {
                return DpopProofResult.Invalid("The DPoP proof must have typ dpop+jwt.");
            }

            // §4.3 point 5: asymmetric, supported alg — never none or HS*
            var alg = h.TryGetProperty(JwtHeaderParameterNames.Alg, out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            if (alg is null || !DpopConstants.Algorithms.Contains(alg, StringComparer.Ordinal))
            {
                return DpopProofResult.Invalid("The DPoP proof must be signed with ES256, RS256 or PS256.");
            }

            // §4.3 points 6–7: a public key of the kind the alg needs
            if (!h.TryGetProperty(JwtHeaderParameterNames.Jwk, out var jwkElement) || ReadPublicKey(jwkElement, alg) is not { } key)
            {
                return DpopProofResult.Invalid("The DPoP proof must carry a public jwk matching its alg.");
            }

            // §4.3 point 6: the signature, by that key
            var validation = await Handler.ValidateTokenAsync(proof, new TokenValidationParameters
            {
                IssuerSigningKey = key,
                ValidAlgorithms = [alg],
                ValidateIssuer = false,
                ValidateAudience = false,
                ValidateLifetime = false,
                RequireExpirationTime = false,
                RequireSignedTokens = true,
            });
            if (!validation.IsValid || validation.SecurityToken is not JsonWebToken jwt)
            {
                return DpopProofResult.Invalid("The DPoP proof signature is invalid.");
            }

            if (CheckClaims(jwt, method, route, accessToken) is { } problem)
            {
                return DpopProofResult.Invalid(problem);
            }

            var jkt = JwkThumbprint.Compute(key);

            // §11.1: a jti is accepted once, at any replica; key = thumbprint + jti (§4.3 point 12 note), hashed to a fixed length
            var replayKey = "dpop:" + Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(jkt + " " + jwt.Id)));
            var now = time.GetUtcNow();
            if (!await replays.TryAddAsync(replayKey, now + (2 * DpopConstants.IatWindow), cancellationToken))
            {
                return DpopProofResult.Invalid("The DPoP proof jti was already used.");
            }

            return DpopProofResult.Valid(jkt);
        }
    }

    /// <summary>§4.3 points 3, 8, 9, 11, 12: required claims, method, URL, time, access-token hash.</summary>
    private string? CheckClaims(JsonWebToken jwt, string method, string route, string? accessToken)
    {
        if (string.IsNullOrEmpty(jwt.Id) || jwt.Id.Length > 256 ||
            !jwt.TryGetPayloadValue<string>(DpopConstants.Htm, out var htm) || !jwt.TryGetPayloadValue<string>(DpopConstants.Htu, out var htu) ||
            !jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out var iat))
        {
            return "The DPoP proof must have jti, htm, htu and iat.";
        }

        if (!string.Equals(htm, method, StringComparison.Ordinal))
        {
            return "The DPoP proof htm does not match the request method.";
        }

        if (!SameEndpoint(htu, route))
        {
            return "The DPoP proof htu does not match the request URL.";
        }

        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(iat);
        if (age.Duration() > DpopConstants.IatWindow)
        {
            return "The DPoP proof iat is outside the acceptable window.";
        }

        if (accessToken is not null)
        {
            var expected = Encoding.ASCII.GetBytes(Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))));
            if (!jwt.TryGetPayloadValue<string>(DpopConstants.Ath, out var ath) || ath is null ||
                !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ath), expected))
            {
                return "The DPoP proof ath does not match the access token.";
            }
        }

        return null;
    }

    /// <summary>
    /// §4.3 point 9: <c>htu</c> without query and fragment, compared after RFC 3986 §6.2.2 normalisation with the public
    /// URL of the endpoint. The broker runs behind a proxy, so that is the issuer's URL, not the one the request arrived on.
    /// </summary>
    private bool SameEndpoint(string? htu, string route)
    {
        var expected = new Uri(options.Value.Issuer.TrimEnd('/') + route);
        return Uri.TryCreate(htu, UriKind.Absolute, out var presented) &&
               string.Equals(presented.Scheme, expected.Scheme, StringComparison.OrdinalIgnoreCase) &&
               string.Equals(presented.IdnHost, expected.IdnHost, StringComparison.OrdinalIgnoreCase) &&
               presented.Port == expected.Port &&
               string.Equals(presented.AbsolutePath, expected.AbsolutePath, StringComparison.Ordinal);
    }

    private static JsonDocument? ReadHeader(string proof)
    {
        try
        {
            var doc = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(proof[..proof.IndexOf('.', StringComparison.Ordinal)]));
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                return doc;
            }

            doc.Dispose();
            return null;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static JsonWebKey? ReadPublicKey(JsonElement jwk, string alg)
    {
        if (jwk.ValueKind != JsonValueKind.Object || PrivateMembers.Any(m => jwk.TryGetProperty(m, out _)))
        {
            return null;
        }

        JsonWebKey key;
        try
        {
            key = JsonWebKey.Create(jwk.GetRawText());
        }
        catch (ArgumentException)
        {
            return null;
        }

        var fits = alg == SecurityAlgorithms.EcdsaSha256
            ? key is { Kty: JsonWebAlgorithmsKeyTypes.EllipticCurve, Crv: JsonWebKeyECTypes.P256, X.Length: > 0, Y.Length: > 0 }
            : key is { Kty: JsonWebAlgorithmsKeyTypes.RSA, N.Length: > 0, E.Length: > 0 };
        return fits ? key : null;
    }
}
