using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Protocol;

/// <summary>
/// The longest value the broker accepts for each OAuth/OIDC parameter (issue #10 item 4; docs/limits.md lists them).
/// Every value a request carries ends up somewhere bounded: a pending sign-in row, a pushed request, a redirect's
/// <c>Location</c>. The limits are generous for real clients (a 43-character PKCE challenge, a state of a few hundred
/// characters) and small enough that one anonymous request cannot store or reflect more than a few kilobytes.
/// Parameters not listed get <see cref="Default"/>; a request may carry at most <see cref="MaxParameters"/> parameters
/// with names of at most <see cref="MaxNameLength"/> characters.
/// </summary>
internal static class ParameterLimits
{
    public const int Default = 1024;
    public const int MaxParameters = 64;
    public const int MaxNameLength = 128;

    private static readonly Dictionary<string, int> Limits = new(StringComparer.Ordinal)
    {
        // authorization request (OIDC Core §3.1.2.1, RFC 7636, RFC 9126, RFC 9449 §10)
        [OpenIdConnectParameterNames.ClientId] = 256,
        [OpenIdConnectParameterNames.RedirectUri] = 2048,
        [OpenIdConnectParameterNames.ResponseType] = 64,
        [OpenIdConnectParameterNames.ResponseMode] = 32,
        [OpenIdConnectParameterNames.Scope] = 1024,
        [OpenIdConnectParameterNames.State] = 2048,
        [OpenIdConnectParameterNames.Nonce] = 512,
        [ProtocolNames.Parameters.CodeChallenge] = 128,
        [ProtocolNames.Parameters.CodeChallengeMethod] = 16,
        [OpenIdConnectParameterNames.Prompt] = 64,
        [OpenIdConnectParameterNames.MaxAge] = 10,
        [OpenIdConnectParameterNames.LoginHint] = 256,
        [OpenIdConnectParameterNames.UiLocales] = 128,
        [OpenIdConnectParameterNames.ClaimsLocales] = 128,
        [OpenIdConnectParameterNames.AcrValues] = 256,
        [OpenIdConnectParameterNames.Display] = 16,
        [ProtocolNames.Parameters.Region] = 16,
        [OpenIdConnectParameterNames.RequestUri] = 256,
        [ProtocolNames.Parameters.Request] = 8192,
        [ProtocolNames.Parameters.DpopJkt] = 128,

        // token, revocation, introspection (RFC 6749 §4.1.3, §6; RFC 7009; RFC 7662; RFC 7523)
        [OpenIdConnectParameterNames.GrantType] = 128,
        [OpenIdConnectParameterNames.Code] = 256,
        [ProtocolNames.Parameters.CodeVerifier] = 128,
        [OpenIdConnectParameterNames.RefreshToken] = 256,
        [OpenIdConnectParameterNames.ClientSecret] = 256,
        [OpenIdConnectParameterNames.ClientAssertionType] = 128,
        [OpenIdConnectParameterNames.ClientAssertion] = 8192,
        [ProtocolNames.Parameters.Token] = 8192,
        [ProtocolNames.Parameters.TokenTypeHint] = 32,
        [OpenIdConnectParameterNames.AccessToken] = 8192,

        // RP-initiated logout 1.0 §2
        [OpenIdConnectParameterNames.IdTokenHint] = 8192,
        [OpenIdConnectParameterNames.PostLogoutRedirectUri] = 2048,
        [ProtocolNames.Parameters.LogoutHint] = 256,
    };

    public static int For(string name) => Limits.TryGetValue(name, out var limit) ? limit : Default;

    /// <summary>Every listed limit, for the documentation test.</summary>
    public static IReadOnlyDictionary<string, int> All => Limits;
}
