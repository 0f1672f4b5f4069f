using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Protocol.Endpoints;

/// <summary><c>/.well-known/openid-configuration</c> (OpenID Connect Discovery 1.0 §3; RFC 8414; RFC 9207).</summary>
internal static class DiscoveryEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet(ProtocolRoutes.Discovery, (IOptions<BrokerOptions> options, IOptions<SigningOptions> signing, HttpContext context) =>
    {
        var issuer = options.Value.Issuer.TrimEnd('/');
        context.Response.Headers.CacheControl = "public, max-age=300";
#pragma warning disable CA1861 // the values read as the specs list them; the document is built rarely (cached 300 s by clients)
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = options.Value.Issuer,
            ["authorization_endpoint"] = issuer + ProtocolRoutes.Authorize,
            ["token_endpoint"] = issuer + ProtocolRoutes.Token,
            ["userinfo_endpoint"] = issuer + ProtocolRoutes.UserInfo,
            ["jwks_uri"] = issuer + ProtocolRoutes.Jwks,
            ["revocation_endpoint"] = issuer + ProtocolRoutes.Revocation, // RFC 7009 §2, RFC 8414 §2
            ["introspection_endpoint"] = issuer + ProtocolRoutes.Introspection, // RFC 7662 §2, RFC 8414 §2
            ["revocation_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post", "private_key_jwt", "none" },
            ["introspection_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post", "private_key_jwt" },
            ["token_endpoint_auth_signing_alg_values_supported"] = Validation.ClientAssertionValidator.Algorithms, // OIDC Discovery §3, RFC 7523
            ["end_session_endpoint"] = issuer + ProtocolRoutes.EndSession, // RP-Initiated Logout 1.0 §2.1
            ["backchannel_logout_supported"] = true, // Back-Channel Logout 1.0 §2.1
            ["backchannel_logout_session_supported"] = true, // logout tokens carry sid
            ["frontchannel_logout_supported"] = false,
            ["pushed_authorization_request_endpoint"] = issuer + ProtocolRoutes.PushedAuthorization,
            ["require_pushed_authorization_requests"] = false, // RFC 9126 §5: per client (RequirePushedAuthorizationRequests)
            ["dpop_signing_alg_values_supported"] = Dpop.DpopConstants.Algorithms, // RFC 9449 §5.1
            ["scopes_supported"] = new[] { "openid", "profile", "diary", "offline_access" },
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query", "form_post" },
            ["grant_types_supported"] = new[] { "authorization_code", "refresh_token", "client_credentials" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { signing.Value.Algorithm },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post", "private_key_jwt", "none" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["claims_supported"] = new[]
            {
                "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "sid", "at_hash",
                "region", "roles", "schools", "children", "name", "family_name", "given_name", "middle_name", "preferred_username",
            },
            ["prompt_values_supported"] = new[] { "none", "login", "consent", "select_account" },
            ["ui_locales_supported"] = new[] { "ru-RU" },
            ["claims_parameter_supported"] = false,
            ["request_parameter_supported"] = false,
            ["request_uri_parameter_supported"] = false,
            ["authorization_response_iss_parameter_supported"] = true,
        });
#pragma warning restore CA1861
    });
}
