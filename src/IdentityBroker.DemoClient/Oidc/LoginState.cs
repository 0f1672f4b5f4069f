namespace IdentityBroker.DemoClient.Oidc;

/// <summary>What the client remembers between /login and /signin-callback (kept in the protected <c>demo.oidc</c> cookie).</summary>
internal sealed record LoginState(string State, string Nonce, string CodeVerifier)
{
    public static LoginState CreateNew() => new(Pkce.NewRandomValue(), Pkce.NewRandomValue(), Pkce.NewRandomValue());
}
