namespace IdentityBroker.Server.Protocol;

/// <summary>
/// The protocol names Microsoft.IdentityModel has no constant for (PKCE, the request object, DPoP, revocation and
/// introspection, client authentication methods, token types, back-channel logout metadata) and the broker's own (the
/// <c>diary</c> scope and claims, the <c>region</c> parameter). Every other OAuth/OIDC name comes from
/// <c>Microsoft.IdentityModel.Protocols.OpenIdConnect</c> (<c>OpenIdConnectParameterNames</c>, <c>OpenIdConnectGrantTypes</c>,
/// <c>OpenIdConnectResponseType</c>, <c>OpenIdConnectResponseMode</c>, <c>OpenIdConnectScope</c>, <c>OpenIdConnectPrompt</c>,
/// <c>OpenIdProviderMetadataNames</c>), <c>JwtRegisteredClaimNames</c> and <c>ConfirmationClaimTypes</c>; OAuth error codes
/// are <see cref="OAuthErrors"/>, DPoP's header and proof type <see cref="Dpop.DpopConstants"/>.
/// </summary>
internal static class ProtocolNames
{
    /// <summary>Request parameters.</summary>
    public static class Parameters
    {
        /// <summary>RFC 7636 §4.3.</summary>
        public const string CodeChallenge = "code_challenge";

        /// <summary>RFC 7636 §4.3.</summary>
        public const string CodeChallengeMethod = "code_challenge_method";

        /// <summary>RFC 7636 §4.5.</summary>
        public const string CodeVerifier = "code_verifier";

        /// <summary>A request object (OIDC Core §6.1; refused with <c>request_not_supported</c>).</summary>
        public const string Request = "request";

        /// <summary>RFC 9449 §10: the DPoP key's thumbprint at the authorization endpoint.</summary>
        public const string DpopJkt = "dpop_jkt";

        /// <summary>RFC 7009 §2.1, RFC 7662 §2.1.</summary>
        public const string Token = "token";

        /// <summary>RFC 7009 §2.1, RFC 7662 §2.1.</summary>
        public const string TokenTypeHint = "token_type_hint";

        /// <summary>OpenID RP-Initiated Logout 1.0 §2.</summary>
        public const string LogoutHint = "logout_hint";

        /// <summary>The broker's own: the region a shared client's user chose (R-REGION-2).</summary>
        public const string Region = "region";
    }

    /// <summary><c>token_type_hint</c> values (RFC 7009 §2.1, RFC 7662 §2.1).</summary>
    public static class TokenTypeHints
    {
        public const string AccessToken = "access_token";
        public const string RefreshToken = "refresh_token";
    }

    /// <summary><c>token_type</c> values and <c>Authorization</c> schemes (RFC 6750 §2.1, RFC 9449 §5 and §7.1).</summary>
    public static class TokenTypes
    {
        public const string Bearer = "Bearer";
        public const string DPoP = "DPoP";
    }

    /// <summary>JOSE <c>typ</c> values besides <c>JwtConstants.HeaderType</c> ("JWT", the ID token's).</summary>
    public static class JwtTypes
    {
        /// <summary>RFC 9068 §2.1: a JWT access token.</summary>
        public const string AccessToken = "at+jwt";
    }

    /// <summary>PKCE methods (RFC 7636 §4.3).</summary>
    public static class CodeChallengeMethods
    {
        public const string S256 = "S256";
        public const string Plain = "plain";
    }

    /// <summary>Client authentication methods (OIDC Core §9, RFC 8414 §2).</summary>
    public static class ClientAuthenticationMethods
    {
        public const string ClientSecretBasic = "client_secret_basic";
        public const string ClientSecretPost = "client_secret_post";
        public const string PrivateKeyJwt = "private_key_jwt";
        public const string None = "none";
    }

    /// <summary>Scopes besides <c>OpenIdConnectScope</c>'s.</summary>
    public static class Scopes
    {
        /// <summary>The broker's own (R-TOKEN-2): region, roles, schools, children.</summary>
        public const string Diary = "diary";
    }

    /// <summary>Claims besides <c>JwtRegisteredClaimNames</c>' and <c>ConfirmationClaimTypes</c>'.</summary>
    public static class Claims
    {
        /// <summary>RFC 9068 §2.2 (and the RFC 7662 §2.2 member).</summary>
        public const string ClientId = "client_id";

        /// <summary>RFC 9068 §2.2.3 (and the RFC 7662 §2.2 member).</summary>
        public const string Scope = "scope";

        /// <summary>The broker's own (R-TOKEN-2), as are the three below.</summary>
        public const string Region = "region";

        public const string Roles = "roles";

        public const string Schools = "schools";

        public const string Children = "children";
    }

    /// <summary>Introspection response members besides the claims (RFC 7662 §2.2).</summary>
    public static class Introspection
    {
        public const string Active = "active";
    }

    /// <summary>Discovery metadata besides <c>OpenIdProviderMetadataNames</c>' (OpenID Back-Channel Logout 1.0 §2.1).</summary>
    public static class Metadata
    {
        public const string BackchannelLogoutSupported = "backchannel_logout_supported";
        public const string BackchannelLogoutSessionSupported = "backchannel_logout_session_supported";
    }
}
