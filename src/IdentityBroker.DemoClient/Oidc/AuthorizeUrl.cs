using Microsoft.AspNetCore.WebUtilities;

namespace IdentityBroker.DemoClient.Oidc;

/// <summary>Builds the authorization request URL (OIDC Core §3.1.2.1, code flow with PKCE S256).</summary>
internal static class AuthorizeUrl
{
    /// <summary>prompt values passed through from <c>/login?prompt=…</c>; anything else is dropped.</summary>
    public static readonly IReadOnlySet<string> AllowedPrompts = new HashSet<string>(StringComparer.Ordinal)
    {
        "login", "none", "consent", "select_account",
    };

    public static string Build(string authorizationEndpoint, DemoClientOptions options, LoginState state, string? prompt)
    {
        ArgumentException.ThrowIfNullOrEmpty(authorizationEndpoint);

        var parameters = new List<KeyValuePair<string, string?>>
        {
            new("response_type", "code"),
            new("client_id", options.ClientId),
            new("redirect_uri", options.RedirectUri),
            new("scope", options.Scope),
            new("state", state.State),
            new("nonce", state.Nonce),
            new("code_challenge", Pkce.S256Challenge(state.CodeVerifier)),
            new("code_challenge_method", "S256"),
        };

        if (prompt is not null && AllowedPrompts.Contains(prompt))
        {
            parameters.Add(new("prompt", prompt));
        }

        // AddQueryString keeps any query the endpoint already has and escapes every value.
        return QueryHelpers.AddQueryString(authorizationEndpoint, parameters);
    }
}
