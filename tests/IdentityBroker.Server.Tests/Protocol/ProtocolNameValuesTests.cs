using IdentityBroker.Server.Protocol;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Tests.Protocol;

/// <summary>
/// Issue #12 item 4: the broker spells protocol names with Microsoft.IdentityModel's constants. This pins each constant it
/// uses to the name its spec defines, so a library update that changed one (a case, a prefix) fails here instead of
/// silently changing what goes over the wire; and the broker's own <see cref="ProtocolNames"/> to their specs.
/// </summary>
public sealed class ProtocolNameValuesTests
{
    private static readonly object[] Names =
    [
        // RFC 6749 §4.1, §5; OIDC Core §3.1.2.1; RFC 9207; RP-Initiated Logout §2
        new object[] { OpenIdConnectParameterNames.ClientId, "client_id" },
        new object[] { OpenIdConnectParameterNames.ClientSecret, "client_secret" },
        new object[] { OpenIdConnectParameterNames.ClientAssertion, "client_assertion" },
        new object[] { OpenIdConnectParameterNames.ClientAssertionType, "client_assertion_type" },
        new object[] { OpenIdConnectParameterNames.RedirectUri, "redirect_uri" },
        new object[] { OpenIdConnectParameterNames.ResponseType, "response_type" },
        new object[] { OpenIdConnectParameterNames.ResponseMode, "response_mode" },
        new object[] { OpenIdConnectParameterNames.Scope, "scope" },
        new object[] { OpenIdConnectParameterNames.State, "state" },
        new object[] { OpenIdConnectParameterNames.Nonce, "nonce" },
        new object[] { OpenIdConnectParameterNames.Prompt, "prompt" },
        new object[] { OpenIdConnectParameterNames.MaxAge, "max_age" },
        new object[] { OpenIdConnectParameterNames.LoginHint, "login_hint" },
        new object[] { OpenIdConnectParameterNames.UiLocales, "ui_locales" },
        new object[] { OpenIdConnectParameterNames.ClaimsLocales, "claims_locales" },
        new object[] { OpenIdConnectParameterNames.AcrValues, "acr_values" },
        new object[] { OpenIdConnectParameterNames.Display, "display" },
        new object[] { OpenIdConnectParameterNames.RequestUri, "request_uri" },
        new object[] { OpenIdConnectParameterNames.GrantType, "grant_type" },
        new object[] { OpenIdConnectParameterNames.Code, "code" },
        new object[] { OpenIdConnectParameterNames.RefreshToken, "refresh_token" },
        new object[] { OpenIdConnectParameterNames.AccessToken, "access_token" },
        new object[] { OpenIdConnectParameterNames.IdToken, "id_token" },
        new object[] { OpenIdConnectParameterNames.TokenType, "token_type" },
        new object[] { OpenIdConnectParameterNames.ExpiresIn, "expires_in" },
        new object[] { OpenIdConnectParameterNames.Error, "error" },
        new object[] { OpenIdConnectParameterNames.ErrorDescription, "error_description" },
        new object[] { OpenIdConnectParameterNames.Iss, "iss" },
        new object[] { OpenIdConnectParameterNames.IdTokenHint, "id_token_hint" },
        new object[] { OpenIdConnectParameterNames.PostLogoutRedirectUri, "post_logout_redirect_uri" },
        new object[] { OpenIdConnectGrantTypes.AuthorizationCode, "authorization_code" },
        new object[] { OpenIdConnectGrantTypes.RefreshToken, "refresh_token" },
        new object[] { OpenIdConnectGrantTypes.ClientCredentials, "client_credentials" },
        new object[] { OpenIdConnectResponseType.Code, "code" },
        new object[] { OpenIdConnectResponseMode.Query, "query" },
        new object[] { OpenIdConnectResponseMode.FormPost, "form_post" },
        new object[] { OpenIdConnectScope.OpenId, "openid" },
        new object[] { OpenIdConnectScope.Profile, "profile" },
        new object[] { OpenIdConnectScope.OfflineAccess, "offline_access" },
        new object[] { OpenIdConnectPrompt.None, "none" },
        new object[] { OpenIdConnectPrompt.Login, "login" },
        new object[] { OpenIdConnectPrompt.Consent, "consent" },
        new object[] { OpenIdConnectPrompt.SelectAccount, "select_account" },

        // RFC 7519 §4.1, OIDC Core §2 and §5.1, RFC 7800 §3.1, RFC 9449 §6.1, RFC 7515 §4.1
        new object[] { JwtRegisteredClaimNames.Sub, "sub" },
        new object[] { JwtRegisteredClaimNames.Iss, "iss" },
        new object[] { JwtRegisteredClaimNames.Aud, "aud" },
        new object[] { JwtRegisteredClaimNames.Exp, "exp" },
        new object[] { JwtRegisteredClaimNames.Iat, "iat" },
        new object[] { JwtRegisteredClaimNames.Jti, "jti" },
        new object[] { JwtRegisteredClaimNames.Sid, "sid" },
        new object[] { JwtRegisteredClaimNames.AuthTime, "auth_time" },
        new object[] { JwtRegisteredClaimNames.Acr, "acr" },
        new object[] { JwtRegisteredClaimNames.Amr, "amr" },
        new object[] { JwtRegisteredClaimNames.Nonce, "nonce" },
        new object[] { JwtRegisteredClaimNames.AtHash, "at_hash" },
        new object[] { JwtRegisteredClaimNames.Name, "name" },
        new object[] { JwtRegisteredClaimNames.FamilyName, "family_name" },
        new object[] { JwtRegisteredClaimNames.GivenName, "given_name" },
        new object[] { JwtRegisteredClaimNames.MiddleName, "middle_name" },
        new object[] { JwtRegisteredClaimNames.PreferredUsername, "preferred_username" },
        new object[] { ConfirmationClaimTypes.Cnf, "cnf" },
        new object[] { ConfirmationClaimTypes.Jkt, "jkt" },
        new object[] { JwtHeaderParameterNames.Typ, "typ" },
        new object[] { JwtHeaderParameterNames.Alg, "alg" },
        new object[] { JwtHeaderParameterNames.Jwk, "jwk" },
        new object[] { JwtConstants.HeaderType, "JWT" },

        // OIDC Discovery §3, RFC 8414 §2, RFC 9126 §5, RFC 9449 §5.1, RFC 9207 §3
        new object[] { OpenIdProviderMetadataNames.Issuer, "issuer" },
        new object[] { OpenIdProviderMetadataNames.UserInfoEndpoint, "userinfo_endpoint" },
        new object[] { OpenIdProviderMetadataNames.UILocalesSupported, "ui_locales_supported" },
        new object[] { OpenIdProviderMetadataNames.DPoPSigningAlgValuesSupported, "dpop_signing_alg_values_supported" },
        new object[] { OpenIdProviderMetadataNames.PushedAuthorizationRequestEndpoint, "pushed_authorization_request_endpoint" },
        new object[] { OpenIdProviderMetadataNames.RequirePushedAuthorizationRequests, "require_pushed_authorization_requests" },
        new object[] { OpenIdProviderMetadataNames.AuthorizationResponseIssParameterSupported, "authorization_response_iss_parameter_supported" },
        new object[] { OpenIdProviderMetadataNames.IntrospectionEndpointAuthMethodsSupported, "introspection_endpoint_auth_methods_supported" },

        // RFC 7517 §4, RFC 7518 §6
        new object[] { JsonWebAlgorithmsKeyTypes.EllipticCurve, "EC" },
        new object[] { JsonWebAlgorithmsKeyTypes.RSA, "RSA" },
        new object[] { JsonWebKeyECTypes.P256, "P-256" },
        new object[] { JsonWebKeyUseNames.Sig, "sig" },

        // the broker's own constants for what the library lacks
        new object[] { ProtocolNames.Parameters.CodeChallenge, "code_challenge" },
        new object[] { ProtocolNames.Parameters.CodeVerifier, "code_verifier" },
        new object[] { ProtocolNames.Parameters.DpopJkt, "dpop_jkt" },
        new object[] { ProtocolNames.Parameters.TokenTypeHint, "token_type_hint" },
        new object[] { ProtocolNames.CodeChallengeMethods.S256, "S256" },
        new object[] { ProtocolNames.JwtTypes.AccessToken, "at+jwt" },
        new object[] { ProtocolNames.TokenTypes.DPoP, "DPoP" },
        new object[] { ProtocolNames.Metadata.BackchannelLogoutSupported, "backchannel_logout_supported" },
    ];

    [TestCaseSource(nameof(Names))]
    public void Constant_HasTheNameItsSpecDefines(string constant, string specName)
    {
        Assert.That(constant, Is.EqualTo(specName));
    }
}
