using System.Net.Http.Headers;
using System.Text;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol.Tokens;
using IdentityBroker.Server.Regions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Protocol.Validation;

/// <summary>
/// Client authentication at the token, revocation and introspection endpoints: client_secret_basic (RFC 6749 §2.3.1, with
/// form-urlencoded id and secret), client_secret_post, private_key_jwt (OIDC Core §9, RFC 7523 §2.2), or none for public
/// clients. The method must be the one the client is registered with (a client_secret_basic client may also use
/// client_secret_post); using two methods at once is an error (RFC 6749 §2.3: "MUST NOT use more than one
/// authentication method in each request"), answered <c>invalid_request</c> (400) — the request is malformed, no client
/// failed to authenticate (issue #10 item 5).
/// </summary>
internal sealed class ClientAuthenticator(RegionCatalog catalog, ClientAssertionValidator assertions, IOptions<BrokerOptions> options, ILogger<ClientAuthenticator> logger)
{
    public async Task<ClientAuthenticationResult> AuthenticateAsync(HttpRequest request, IReadOnlyDictionary<string, string[]> form, CancellationToken cancellationToken)
    {
        var credentials = Read(request, form);
        if (credentials.Error is not null || credentials.Assertion is null)
        {
            return Authenticate(credentials);
        }

        // RFC 7523 §3: the client is the assertion's iss; a client_id in the body must agree (RFC 7521 §4.2)
        var clientId = ClientAssertionValidator.ReadClaimedClientId(credentials.Assertion);
        if (clientId is null || (credentials.PostId is not null && credentials.PostId != clientId))
        {
            return Fail(credentials.PostId, "client_assertion is malformed or its iss differs from client_id.", basic: false);
        }

        var client = catalog.FindClient(clientId);
        if (client is null || client.TokenEndpointAuthMethod != ProtocolNames.ClientAuthenticationMethods.PrivateKeyJwt)
        {
            return Fail(clientId, "The client is not registered for private_key_jwt.", basic: false);
        }

        var endpointUrl = options.Value.Issuer.TrimEnd('/') + request.Path.Value;
        return await assertions.ValidateAsync(client, credentials.Assertion, endpointUrl, cancellationToken) is { } problem
            ? Fail(clientId, problem, basic: false, description: "Client authentication failed.")
            : ClientAuthenticationResult.Ok(client);
    }

    private ClientAuthenticationResult Authenticate(PresentedCredentials c)
    {
        if (c.Error is not null)
        {
            var failed = Fail(c.BasicId ?? c.PostId, c.Error, c.UsedBasic);
            return c.Malformed ? failed with { ErrorCode = OAuthErrors.InvalidRequest } : failed;
        }

        var clientId = c.BasicId ?? c.PostId;
        var client = catalog.FindClient(clientId);
        if (client is null)
        {
            return Fail(clientId, "Unknown client.", c.UsedBasic);
        }

        var method = c.UsedBasic ? ProtocolNames.ClientAuthenticationMethods.ClientSecretBasic : c.PostSecret is not null ? ProtocolNames.ClientAuthenticationMethods.ClientSecretPost : ProtocolNames.ClientAuthenticationMethods.None;
        var registered = client.TokenEndpointAuthMethod;
        var allowed = method == registered || (registered == ProtocolNames.ClientAuthenticationMethods.ClientSecretBasic && method == ProtocolNames.ClientAuthenticationMethods.ClientSecretPost);
        if (!allowed)
        {
            return Fail(clientId, $"The client must authenticate with {registered}.", c.UsedBasic);
        }

        if (method == ProtocolNames.ClientAuthenticationMethods.None)
        {
            return client.IsPublic ? ClientAuthenticationResult.Ok(client) : Fail(clientId, "Client authentication failed.", c.UsedBasic);
        }

        var secret = c.BasicSecret ?? c.PostSecret!;
        return client.SecretMatches(secret)
            ? ClientAuthenticationResult.Ok(client)
            : Fail(clientId, "Client authentication failed.", c.UsedBasic);
    }

    private static PresentedCredentials Read(HttpRequest request, IReadOnlyDictionary<string, string[]> form)
    {
        string? basicId = null, basicSecret = null;
        var header = request.Headers.Authorization.ToString();
        if (AuthenticationHeaderValue.TryParse(header, out var auth) && string.Equals(auth.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth.Parameter ?? string.Empty));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    return PresentedCredentials.Failed("Malformed Basic credentials.", basic: true);
                }

                basicId = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
                basicSecret = Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' '));
            }
            catch (FormatException)
            {
                return PresentedCredentials.Failed("Malformed Basic credentials.", basic: true);
            }
        }

        var postId = form.One(OpenIdConnectParameterNames.ClientId);
        var postSecret = form.One(OpenIdConnectParameterNames.ClientSecret);
        var assertionType = form.One(OpenIdConnectParameterNames.ClientAssertionType);
        var assertion = form.One(OpenIdConnectParameterNames.ClientAssertion);
        var methods = (basicId is not null ? 1 : 0) + (postSecret is not null ? 1 : 0) + (assertion is not null || assertionType is not null ? 1 : 0);
        if (methods > 1)
        {
            return PresentedCredentials.Failed("Use one client authentication method, not two (RFC 6749 §2.3).", basic: basicId is not null) with { Malformed = true };
        }

        if (basicId is not null && postId is not null && postId != basicId)
        {
            return PresentedCredentials.Failed("client_id in the body differs from the Basic credentials.", basic: true);
        }

        if ((assertion is not null || assertionType is not null) && (assertion is null || assertionType != ClientAssertionValidator.AssertionType))
        {
            return PresentedCredentials.Failed($"client_assertion_type must be {ClientAssertionValidator.AssertionType}, with a client_assertion.", basic: false);
        }

        return new PresentedCredentials(basicId, basicSecret, postId, postSecret, assertion, null);
    }

    private ClientAuthenticationResult Fail(string? clientId, string reason, bool basic, string? description = null)
    {
        TokenLog.ClientAuthenticationFailed(logger, catalog.FindClient(clientId)?.ClientId, reason);
        return ClientAuthenticationResult.Fail(description ?? reason, basic);
    }

    private sealed record PresentedCredentials(string? BasicId, string? BasicSecret, string? PostId, string? PostSecret, string? Assertion, string? Error, bool FailedBasic = false)
    {
        /// <summary>The request itself is malformed (two methods): invalid_request rather than invalid_client.</summary>
        public bool Malformed { get; init; }

        public bool UsedBasic => BasicId is not null || FailedBasic;

        public static PresentedCredentials Failed(string error, bool basic) => new(null, null, null, null, null, error, basic);
    }
}

internal sealed record ClientAuthenticationResult(RegisteredClient? Client, string? Error, bool UsedBasic)
{
    /// <summary>invalid_client (401) unless the request was malformed (invalid_request, 400).</summary>
    public string ErrorCode { get; init; } = OAuthErrors.InvalidClient;

    /// <summary>RFC 6749 §5.2: invalid_client is 401 (with a Basic challenge when Basic was tried), invalid_request 400.</summary>
    public IResult ToErrorResult() => ErrorCode == OAuthErrors.InvalidClient
        ? Responses.OAuthErrorResult.Create(OAuthErrors.InvalidClient, Error ?? "Client authentication failed.", StatusCodes.Status401Unauthorized, UsedBasic ? "Basic realm=\"IdentityBroker\"" : null)
        : Responses.OAuthErrorResult.Create(ErrorCode, Error ?? "Malformed client authentication.");

    public static ClientAuthenticationResult Ok(RegisteredClient client) => new(client, null, false);

    public static ClientAuthenticationResult Fail(string error, bool basic) => new(null, error, basic);
}
