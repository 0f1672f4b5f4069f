using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

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
            [OpenIdProviderMetadataNames.Issuer] = options.Value.Issuer,
            [OpenIdProviderMetadataNames.AuthorizationEndpoint] = issuer + ProtocolRoutes.Authorize,
            [OpenIdProviderMetadataNames.TokenEndpoint] = issuer + ProtocolRoutes.Token,
            [OpenIdProviderMetadataNames.UserInfoEndpoint] = issuer + ProtocolRoutes.UserInfo,
            [OpenIdProviderMetadataNames.JwksUri] = issuer + ProtocolRoutes.Jwks,
            [OpenIdProviderMetadataNames.RevocationEndpoint] = issuer + ProtocolRoutes.Revocation, // RFC 7009 §2, RFC 8414 §2
            [OpenIdProviderMetadataNames.IntrospectionEndpoint] = issuer + ProtocolRoutes.Introspection, // RFC 7662 §2, RFC 8414 §2
            [OpenIdProviderMetadataNames.RevocationEndpointAuthMethodsSupported] = new[] { ProtocolNames.ClientAuthenticationMethods.ClientSecretBasic, ProtocolNames.ClientAuthenticationMethods.ClientSecretPost, ProtocolNames.ClientAuthenticationMethods.PrivateKeyJwt, ProtocolNames.ClientAuthenticationMethods.None },
            [OpenIdProviderMetadataNames.IntrospectionEndpointAuthMethodsSupported] = new[] { ProtocolNames.ClientAuthenticationMethods.ClientSecretBasic, ProtocolNames.ClientAuthenticationMethods.ClientSecretPost, ProtocolNames.ClientAuthenticationMethods.PrivateKeyJwt },
            [OpenIdProviderMetadataNames.TokenEndpointAuthSigningAlgValuesSupported] = Validation.ClientAssertionValidator.Algorithms, // OIDC Discovery §3, RFC 7523
            [OpenIdProviderMetadataNames.EndSessionEndpoint] = issuer + ProtocolRoutes.EndSession, // RP-Initiated Logout 1.0 §2.1
            [ProtocolNames.Metadata.BackchannelLogoutSupported] = true, // Back-Channel Logout 1.0 §2.1
            [ProtocolNames.Metadata.BackchannelLogoutSessionSupported] = true, // logout tokens carry sid
            [OpenIdProviderMetadataNames.FrontchannelLogoutSupported] = false,
            [OpenIdProviderMetadataNames.PushedAuthorizationRequestEndpoint] = issuer + ProtocolRoutes.PushedAuthorization,
            [OpenIdProviderMetadataNames.RequirePushedAuthorizationRequests] = false, // RFC 9126 §5: per client (RequirePushedAuthorizationRequests)
            [OpenIdProviderMetadataNames.DPoPSigningAlgValuesSupported] = Dpop.DpopConstants.Algorithms, // RFC 9449 §5.1
            [OpenIdProviderMetadataNames.ScopesSupported] = new[] { OpenIdConnectScope.OpenId, OpenIdConnectScope.Profile, ProtocolNames.Scopes.Diary, OpenIdConnectScope.OfflineAccess },
            [OpenIdProviderMetadataNames.ResponseTypesSupported] = new[] { OpenIdConnectResponseType.Code },
            [OpenIdProviderMetadataNames.ResponseModesSupported] = new[] { OpenIdConnectResponseMode.Query, OpenIdConnectResponseMode.FormPost },
            [OpenIdProviderMetadataNames.GrantTypesSupported] = new[] { OpenIdConnectGrantTypes.AuthorizationCode, OpenIdConnectGrantTypes.RefreshToken, OpenIdConnectGrantTypes.ClientCredentials },
            [OpenIdProviderMetadataNames.SubjectTypesSupported] = new[] { "public" },
            [OpenIdProviderMetadataNames.IdTokenSigningAlgValuesSupported] = new[] { signing.Value.Algorithm },
            [OpenIdProviderMetadataNames.TokenEndpointAuthMethodsSupported] = new[] { ProtocolNames.ClientAuthenticationMethods.ClientSecretBasic, ProtocolNames.ClientAuthenticationMethods.ClientSecretPost, ProtocolNames.ClientAuthenticationMethods.PrivateKeyJwt, ProtocolNames.ClientAuthenticationMethods.None },
            [OpenIdProviderMetadataNames.CodeChallengeMethodsSupported] = new[] { ProtocolNames.CodeChallengeMethods.S256 },
            [OpenIdProviderMetadataNames.ClaimsSupported] = new[]
            {
                JwtRegisteredClaimNames.Sub, JwtRegisteredClaimNames.Iss, JwtRegisteredClaimNames.Aud, JwtRegisteredClaimNames.Exp, JwtRegisteredClaimNames.Iat, JwtRegisteredClaimNames.AuthTime, JwtRegisteredClaimNames.Nonce, JwtRegisteredClaimNames.Acr, JwtRegisteredClaimNames.Amr, JwtRegisteredClaimNames.Sid, JwtRegisteredClaimNames.AtHash,
                ProtocolNames.Claims.Region, ProtocolNames.Claims.Roles, ProtocolNames.Claims.Schools, ProtocolNames.Claims.Children,
                JwtRegisteredClaimNames.Name, JwtRegisteredClaimNames.FamilyName, JwtRegisteredClaimNames.GivenName, JwtRegisteredClaimNames.MiddleName, JwtRegisteredClaimNames.PreferredUsername,
            },
            [OpenIdProviderMetadataNames.PromptValuesSupported] = new[] { OpenIdConnectPrompt.None, OpenIdConnectPrompt.Login, OpenIdConnectPrompt.Consent, OpenIdConnectPrompt.SelectAccount },
            [OpenIdProviderMetadataNames.UILocalesSupported] = new[] { "ru-RU" },
            [OpenIdProviderMetadataNames.ClaimsParameterSupported] = false,
            [OpenIdProviderMetadataNames.RequestParameterSupported] = false,
            [OpenIdProviderMetadataNames.RequestUriParameterSupported] = false,
            [OpenIdProviderMetadataNames.AuthorizationResponseIssParameterSupported] = true,
        });
#pragma warning restore CA1861
    });
}
