using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Regions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Protocol.Validation;

/// <summary>
/// private_key_jwt (OIDC Core §9, RFC 7523 §2.2 and §3): a JWT signed with the client's key (RS256, PS256 or ES256), with
/// iss = sub = client_id, aud = the issuer, the token endpoint URL or the URL of the endpoint that received it, an exp at
/// most <see cref="MaxLifetime"/> ahead, and a jti that is accepted once (RFC 7523 §3 item 7) on every replica
/// (<see cref="IReplayCache"/>).
/// </summary>
internal sealed class ClientAssertionValidator(ClientJwksProvider jwks, IReplayCache replays, IOptions<BrokerOptions> options, TimeProvider time)
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public static readonly IReadOnlyList<string> Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256];

    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>The client_id the assertion claims to come from (its unverified iss), or null if it is not a JWT.</summary>
    public static string? ReadClaimedClientId(string assertion)
    {
        // a signed JWT in compact form has exactly three parts; five would be a JWE, which reading would try to decrypt
        if (!IsCompactJws(assertion) || !Handler.CanReadToken(assertion))
        {
            return null;
        }

        try
        {
            return Handler.ReadJsonWebToken(assertion).Issuer is { Length: > 0 } iss ? iss : null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or System.Text.Json.JsonException or InvalidOperationException or SecurityTokenException)
        {
            return null;
        }
    }

    private static bool IsCompactJws(string value) => value.Count(c => c == '.') == 2;

    /// <summary>Null if the assertion authenticates <paramref name="client"/>, else why not (for the log, not the client).</summary>
    public async Task<string?> ValidateAsync(RegisteredClient client, string assertion, string endpointUrl, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = IsCompactJws(assertion) ? Handler.ReadJsonWebToken(assertion) : throw new ArgumentException("not a JWS");
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or System.Text.Json.JsonException or InvalidOperationException or SecurityTokenException)
        {
            return "client_assertion is not a JWT";
        }

        if (!Algorithms.Contains(jwt.Alg))
        {
            return "client_assertion algorithm not allowed";
        }

        var keys = await jwks.GetKeysAsync(client, unknownKid: null, cancellationToken);
        if (!string.IsNullOrEmpty(jwt.Kid) && !keys.Any(k => k.KeyId == jwt.Kid))
        {
            keys = await jwks.GetKeysAsync(client, jwt.Kid, cancellationToken); // the client may have rotated its keys
        }

        var now = time.GetUtcNow();
        var issuer = options.Value.Issuer;
        var result = await Handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = client.ClientId,
            ValidAudiences = [issuer, issuer.TrimEnd('/'), issuer.TrimEnd('/') + ProtocolRoutes.Token, endpointUrl],
            IssuerSigningKeys = keys,
            ValidAlgorithms = Algorithms,
            RequireExpirationTime = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = (nbf, exp, _, _) => LifetimeIsValid(nbf, exp, now),
        });
        if (!result.IsValid)
        {
            return "client_assertion rejected: " + result.Exception?.GetType().Name;
        }

        if (jwt.Subject != client.ClientId)
        {
            return "client_assertion sub must be the client_id";
        }

        if (string.IsNullOrEmpty(jwt.Id))
        {
            return "client_assertion has no jti";
        }

        // single use until it expires (plus the skew it could still be accepted with)
        return await replays.TryAddAsync($"client_assertion:{client.ClientId}:{jwt.Id}", new DateTimeOffset(DateTime.SpecifyKind(jwt.ValidTo, DateTimeKind.Utc)) + ClockSkew, cancellationToken)
            ? null
            : "client_assertion jti already used";
    }

    /// <summary>RFC 7523 §3 items 4–5: exp required and not past; not valid for longer than <see cref="MaxLifetime"/>; nbf not in the future.</summary>
    private static bool LifetimeIsValid(DateTime? nbf, DateTime? exp, DateTimeOffset now) =>
        exp is { } e &&
        e > (now - ClockSkew).UtcDateTime &&
        e <= (now + MaxLifetime + ClockSkew).UtcDateTime &&
        (nbf is not { } n || n <= (now + ClockSkew).UtcDateTime);
}
