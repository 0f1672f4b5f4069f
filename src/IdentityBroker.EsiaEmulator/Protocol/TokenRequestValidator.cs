using IdentityBroker.EsiaEmulator.Clients;
using IdentityBroker.EsiaEmulator.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityBroker.EsiaEmulator.Protocol;

/// <summary>Result of checking a te request: the redeemed grant or an error.</summary>
internal sealed record TokenOutcome(CodeGrant? Grant, EsiaError? Error);

/// <summary>
/// Validates <c>POST /aas/oauth2/v3/te</c> for <c>authorization_code</c> (ESIA.md §3.1) and <c>refresh_token</c> (§3.3).
/// </summary>
internal sealed class TokenRequestValidator(
    ClientRegistry clients,
    AuthorizationCodeStore codes,
    RefreshTokenStore refreshTokens,
    IOptions<EmulatorOptions> options,
    TimeProvider time)
{
    private static readonly string[] Mandatory =
        ["code", "client_secret", "client_certificate_hash", "state", "redirect_uri", "scope", "timestamp"];

    private static readonly string[] RefreshMandatory =
        ["refresh_token", "client_secret", "client_certificate_hash", "state", "scope", "timestamp"];

    public TokenOutcome Validate(RequestParameters p)
    {
        if (p.FirstDuplicated() is { } duplicated)
        {
            return Fail(EsiaError.InvalidParameter(duplicated));
        }

        if (p["client_id"] is null)
        {
            return Fail(EsiaError.MissingParameter("client_id"));
        }

        var client = clients.Find(p["client_id"]);
        if (client is null)
        {
            return Fail(EsiaError.InvalidClient);
        }

        if (p["grant_type"] is null)
        {
            return Fail(EsiaError.MissingParameter("grant_type"));
        }

        return p["grant_type"] switch
        {
            "authorization_code" => ValidateCode(p, client),
            "refresh_token" => ValidateRefresh(p, client),
            _ => Fail(EsiaError.UnsupportedGrantType),
        };
    }

    private TokenOutcome ValidateCode(RequestParameters p, RegisteredClient client)
    {
        if (p.FirstMissing(Mandatory) is { } missing)
        {
            return Fail(EsiaError.MissingParameter(missing));
        }

        var signed = client.ClientId + p["scope"] + p["timestamp"] + p["state"] + p["redirect_uri"] + p["code"];
        return ClientChecks(p, client, signed) is { } error ? Fail(error) : RedeemCode(p, client);
    }

    /// <summary>The refresh signing string is ambiguous in the wild (ESIA.md §3.3); the three known variants are accepted.</summary>
    private TokenOutcome ValidateRefresh(RequestParameters p, RegisteredClient client)
    {
        if (p.FirstMissing(RefreshMandatory) is { } missing)
        {
            return Fail(EsiaError.MissingParameter(missing));
        }

        var head = client.ClientId + p["scope"] + p["timestamp"] + p["state"];
        var token = p["refresh_token"]!;
        var redirect = p["redirect_uri"] ?? "";
        if (ClientChecks(p, client, head + redirect, head + token, head + redirect + token) is { } error)
        {
            return Fail(error);
        }

        var grant = refreshTokens.Consume(token, out var expired);
        if (grant is null || grant.Request.ClientId != client.ClientId)
        {
            return Fail(expired ? EsiaError.RefreshTokenExpired : EsiaError.InvalidGrant);
        }

        return new TokenOutcome(grant with { SessionId = Guid.NewGuid().ToString() }, null);
    }

    private EsiaError? ClientChecks(RequestParameters p, RegisteredClient client, params string[] signedVariants)
    {
        if (!ClientAuthentication.IsUuid(p["state"]!))
        {
            return EsiaError.InvalidParameter("state");
        }

        if (p["token_type"] is { } tokenType && tokenType != "Bearer")
        {
            return EsiaError.InvalidParameter("token_type");
        }

        if (!EsiaTimestamp.IsWithinWindow(p["timestamp"]!, time.GetUtcNow(), options.Value.TimestampWindowSeconds))
        {
            return EsiaError.WrongTime;
        }

        if (ClientAuthentication.CheckCertificateHash(client, p["client_certificate_hash"]!) is { } hashError)
        {
            return hashError;
        }

        var secret = p["client_secret"]!;
        return signedVariants.Any(s => ClientAuthentication.CheckSecret(client, s, secret, options.Value.AcceptReversedSignature))
            ? null
            : EsiaError.ClientSecretWrong;
    }

    private TokenOutcome RedeemCode(RequestParameters p, RegisteredClient client)
    {
        var code = p["code"]!;
        var peeked = codes.Peek(code);

        // The te state must be a new UUID; reusing the ac state is refused before the code is spent.
        if (peeked is not null && string.Equals(peeked.Request.State, p["state"], StringComparison.OrdinalIgnoreCase))
        {
            return Fail(EsiaError.InvalidParameter("state"));
        }

        var grant = codes.Consume(code);
        if (grant is null
            || grant.Request.ClientId != client.ClientId
            || grant.Request.RedirectUri != p["redirect_uri"])
        {
            return Fail(EsiaError.InvalidGrant);
        }

        var requested = ScopeCatalog.Split(p["scope"]!).ToHashSet(StringComparer.Ordinal);
        return requested.SetEquals(grant.Request.Scopes) ? new TokenOutcome(grant, null) : Fail(EsiaError.InvalidScope);
    }

    private static TokenOutcome Fail(EsiaError error) => new(null, error);
}
