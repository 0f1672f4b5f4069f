using IdentityBroker.EsiaEmulator.Clients;
using IdentityBroker.EsiaEmulator.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityBroker.EsiaEmulator.Protocol;

/// <summary>Result of checking a te request: the redeemed grant or an error.</summary>
internal sealed record TokenOutcome(CodeGrant? Grant, EsiaError? Error);

/// <summary>Validates <c>POST /aas/oauth2/v3/te</c> with <c>grant_type=authorization_code</c> (ESIA.md §3.1).</summary>
internal sealed class TokenRequestValidator(
    ClientRegistry clients,
    AuthorizationCodeStore codes,
    IOptions<EmulatorOptions> options,
    TimeProvider time)
{
    private static readonly string[] Mandatory =
        ["code", "client_secret", "client_certificate_hash", "state", "redirect_uri", "scope", "timestamp"];

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

        if (p["grant_type"] != "authorization_code")
        {
            return Fail(EsiaError.UnsupportedGrantType);
        }

        if (p.FirstMissing(Mandatory) is { } missing)
        {
            return Fail(EsiaError.MissingParameter(missing));
        }

        if (ClientChecks(p, client) is { } error)
        {
            return Fail(error);
        }

        return RedeemCode(p, client);
    }

    private EsiaError? ClientChecks(RequestParameters p, RegisteredClient client)
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

        var signed = client.ClientId + p["scope"] + p["timestamp"] + p["state"] + p["redirect_uri"] + p["code"];
        return ClientAuthentication.CheckSecret(client, signed, p["client_secret"]!, options.Value.AcceptReversedSignature)
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
