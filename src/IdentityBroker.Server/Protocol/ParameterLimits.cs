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
        ["client_id"] = 256,
        ["redirect_uri"] = 2048,
        ["response_type"] = 64,
        ["response_mode"] = 32,
        ["scope"] = 1024,
        ["state"] = 2048,
        ["nonce"] = 512,
        ["code_challenge"] = 128,
        ["code_challenge_method"] = 16,
        ["prompt"] = 64,
        ["max_age"] = 10,
        ["login_hint"] = 256,
        ["ui_locales"] = 128,
        ["claims_locales"] = 128,
        ["acr_values"] = 256,
        ["display"] = 16,
        ["region"] = 16,
        ["request_uri"] = 256,
        ["request"] = 8192,
        ["dpop_jkt"] = 128,

        // token, revocation, introspection (RFC 6749 §4.1.3, §6; RFC 7009; RFC 7662; RFC 7523)
        ["grant_type"] = 128,
        ["code"] = 256,
        ["code_verifier"] = 128,
        ["refresh_token"] = 256,
        ["client_secret"] = 256,
        ["client_assertion_type"] = 128,
        ["client_assertion"] = 8192,
        ["token"] = 8192,
        ["token_type_hint"] = 32,
        ["access_token"] = 8192,

        // RP-initiated logout 1.0 §2
        ["id_token_hint"] = 8192,
        ["post_logout_redirect_uri"] = 2048,
        ["logout_hint"] = 256,
    };

    public static int For(string name) => Limits.TryGetValue(name, out var limit) ? limit : Default;

    /// <summary>Every listed limit, for the documentation test.</summary>
    public static IReadOnlyDictionary<string, int> All => Limits;
}
