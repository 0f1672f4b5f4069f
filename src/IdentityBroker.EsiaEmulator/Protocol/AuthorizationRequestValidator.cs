using IdentityBroker.EsiaEmulator.Clients;
using IdentityBroker.EsiaEmulator.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityBroker.EsiaEmulator.Protocol;

/// <summary>Validates <c>GET /aas/oauth2/v2/ac</c> in the order ESIA needs to decide where an error may be sent (ESIA.md §2).</summary>
internal sealed class AuthorizationRequestValidator(ClientRegistry clients, IOptions<EmulatorOptions> options, TimeProvider time)
{
    public AuthorizationOutcome Validate(RequestParameters p)
    {
        // Until client and redirect_uri are trusted, errors are shown on an ESIA page, never redirected.
        foreach (var name in new[] { "client_id", "redirect_uri" })
        {
            if (p.IsDuplicated(name))
            {
                return AuthorizationOutcome.ErrorPage(EsiaError.InvalidParameter(name));
            }

            if (p[name] is null)
            {
                return AuthorizationOutcome.ErrorPage(EsiaError.MissingParameter(name));
            }
        }

        var client = clients.Find(p["client_id"]);
        if (client is null)
        {
            return AuthorizationOutcome.ErrorPage(EsiaError.UnauthorizedClient);
        }

        var redirectUri = p["redirect_uri"]!;
        if (!client.AllowsRedirect(redirectUri))
        {
            return AuthorizationOutcome.ErrorPage(EsiaError.RedirectUriNotAllowed);
        }

        var state = p.IsDuplicated("state") ? null : p["state"];
        var error = CheckRedirectable(p, client, redirectUri);
        return error is null
            ? AuthorizationOutcome.Accepted(new AuthorizationRequest(client.ClientId, redirectUri, p["scope"]!,
                ScopeCatalog.Split(p["scope"]!), state!, p["access_type"] == "offline"))
            : AuthorizationOutcome.ErrorRedirect(error, redirectUri, state);
    }

    private EsiaError? CheckRedirectable(RequestParameters p, RegisteredClient client, string redirectUri)
    {
        if (p.FirstDuplicated() is { } duplicated)
        {
            return EsiaError.InvalidParameter(duplicated);
        }

        if (p["response_type"] is null)
        {
            return EsiaError.MissingParameter("response_type");
        }

        if (p["response_type"] != "code")
        {
            return EsiaError.UnsupportedResponseType;
        }

        if (p["scope"] is null)
        {
            return EsiaError.NoScope;
        }

        if (p.FirstMissing("state", "timestamp", "client_certificate_hash", "client_secret") is { } missing)
        {
            return EsiaError.MissingParameter(missing);
        }

        var state = p["state"]!;
        if (!ClientAuthentication.IsUuid(state))
        {
            return EsiaError.InvalidParameter("state");
        }

        var scopes = ScopeCatalog.Split(p["scope"]!);
        if (scopes.Any(s => !ScopeCatalog.IsKnown(s)))
        {
            return EsiaError.InvalidScope;
        }

        if (p["access_type"] is { } accessType && accessType is not ("online" or "offline"))
        {
            return EsiaError.InvalidParameter("access_type");
        }

        var timestamp = p["timestamp"]!;
        if (!EsiaTimestamp.IsWithinWindow(timestamp, time.GetUtcNow(), options.Value.TimestampWindowSeconds))
        {
            return EsiaError.WrongTime;
        }

        if (ClientAuthentication.CheckCertificateHash(client, p["client_certificate_hash"]!) is { } hashError)
        {
            return hashError;
        }

        var signed = client.ClientId + p["scope"] + timestamp + state + redirectUri;
        return ClientAuthentication.CheckSecret(client, signed, p["client_secret"]!, options.Value.AcceptReversedSignature)
            ? null
            : EsiaError.ClientSecretWrong;
    }
}
