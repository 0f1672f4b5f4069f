using System.Text;
using System.Text.Json;
using IdentityBroker.Esia.Signing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Esia.Tokens;

/// <summary>
/// Validates ESIA's ID and access tokens (ESIA.md §4.1-§4.3): <c>typ</c>=JWT, <c>sbt</c>, signature (RS256 through
/// <see cref="JsonWebTokenHandler"/> trying every pinned certificate, as ESIA sends no <c>kid</c>; GOST3410_2012_256
/// verified with BouncyCastle over ASCII <c>header.payload</c>), <c>iss</c> equal to the configured issuer exactly,
/// <c>aud</c> (ID token) or <c>client_id</c> (access token) equal to our client_id, <c>exp</c>/<c>nbf</c> with skew.
/// No nonce: ESIA dropped it (ESIA.md §4.3).
/// </summary>
internal sealed class EsiaTokenValidator(TrustedCertificateStore certificates, TimeProvider timeProvider)
{
    public const string Rs256 = "RS256";
    public const string Gost256 = "GOST3410_2012_256";

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>Validates <paramref name="token"/> and returns its payload.</summary>
    /// <exception cref="EsiaException">Kind <see cref="EsiaFailureKind.InvalidResponse"/>, naming the failed check.</exception>
    public async Task<JsonElement> ValidateAsync(string token, EsiaTokenKind kind, EsiaRegistrationOptions registration)
    {
        var name = kind == EsiaTokenKind.Id ? "ID token" : "access token";
        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenMalformedException)
        {
            throw Invalid(name, "not a JWT");
        }

        var expectedSbt = kind == EsiaTokenKind.Id ? "id" : "access";
        if (!jwt.TryGetHeaderValue<string>("sbt", out var sbt) || sbt != expectedSbt)
        {
            throw Invalid(name, $"header sbt is not '{expectedSbt}'");
        }

        var keys = certificates.GetKeys(registration.TrustedCertificates);
        var parameters = Parameters(jwt.Alg, kind, registration, keys)
            ?? throw Invalid(name, "unsupported alg");
        var result = await _handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            throw Invalid(name, Describe(result.Exception));
        }

        var payload = JsonDocument.Parse(Base64Url.Decode(jwt.EncodedPayload)).RootElement.Clone();
        if (kind == EsiaTokenKind.Access &&
            (!payload.TryGetProperty("client_id", out var clientId) || clientId.ValueKind != JsonValueKind.String ||
             clientId.GetString() != registration.ClientId))
        {
            throw Invalid(name, "client_id is not ours");
        }

        return payload;
    }

    private TokenValidationParameters? Parameters(
        string alg, EsiaTokenKind kind, EsiaRegistrationOptions registration, TrustedKeys keys)
    {
        var parameters = new TokenValidationParameters
        {
            ValidTypes = ["JWT"],
            ValidIssuer = registration.Issuer,
            IssuerValidator = (issuer, _, _) => issuer == registration.Issuer
                ? issuer
                : throw new SecurityTokenInvalidIssuerException("iss differs from the configured issuer"),
            ValidateAudience = kind == EsiaTokenKind.Id,
            ValidAudience = registration.ClientId,
            RequireExpirationTime = true,
            LifetimeValidator = (notBefore, expires, _, _) => IsLifetimeValid(notBefore, expires, registration.ClockSkew),
            RequireSignedTokens = true,
            TryAllIssuerSigningKeys = true,
        };

        switch (alg)
        {
            case Rs256:
                parameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256];
                parameters.IssuerSigningKeys = keys.RsaKeys;
                return parameters;
            case Gost256:
                parameters.SignatureValidator = (token, _) => VerifyGost(token, keys);
                return parameters;
            default:
                return null;
        }
    }

    private bool IsLifetimeValid(DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        if (expires is null || now > expires.Value.Add(skew))
        {
            throw new SecurityTokenExpiredException("token expired") { Expires = expires ?? DateTime.MinValue };
        }

        if (notBefore is not null && now < notBefore.Value.Subtract(skew))
        {
            throw new SecurityTokenNotYetValidException("token not yet valid") { NotBefore = notBefore.Value };
        }

        return true;
    }

    private static JsonWebToken VerifyGost(string token, TrustedKeys keys)
    {
        var jwt = new JsonWebToken(token);
        var signed = Encoding.ASCII.GetBytes(jwt.EncodedHeader + "." + jwt.EncodedPayload);
        var signature = Base64Url.Decode(jwt.EncodedSignature);
        if (keys.GostKeys.Any(key => GostSignature.Verify(key, signed, signature)))
        {
            return jwt;
        }

        throw new SecurityTokenSignatureKeyNotFoundException("no trusted GOST certificate verifies the signature");
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not yet valid",
        SecurityTokenInvalidIssuerException => "iss is not the configured issuer",
        SecurityTokenInvalidAudienceException => "aud is not our client_id",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "signature not verified by any trusted certificate",
        SecurityTokenInvalidTypeException => "typ is not JWT",
        SecurityTokenInvalidAlgorithmException => "algorithm not allowed",
        null => "invalid",
        _ => exception.GetType().Name,
    };

    private static EsiaException Invalid(string name, string reason) =>
        new(EsiaFailureKind.InvalidResponse, $"ESIA {name} rejected: {reason}.");
}
