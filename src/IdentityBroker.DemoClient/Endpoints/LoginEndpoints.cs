using IdentityBroker.DemoClient.Oidc;
using Microsoft.Extensions.Options;

namespace IdentityBroker.DemoClient.Endpoints;

/// <summary><c>GET /login</c>: remembers state, nonce and the PKCE verifier, then redirects to the broker.</summary>
internal static class LoginEndpoints
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet("/login", LoginAsync);

    private static async Task<IResult> LoginAsync(HttpContext context, string? prompt, OidcMetadata metadata,
        LoginStateProtector protector, IOptions<DemoClientOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var configuration = await metadata.GetAsync(cancellationToken);

        var state = LoginState.CreateNew();
        protector.Write(context, state);
        var url = AuthorizeUrl.Build(configuration.AuthorizationEndpoint, options.Value, state, prompt);

#pragma warning disable CA1873 // once per demo sign-in; the logger comes from the factory here
        Log.LoginStarted(loggers.CreateLogger(typeof(LoginEndpoints)), prompt is not null && AuthorizeUrl.AllowedPrompts.Contains(prompt) ? prompt : "(none)");
#pragma warning restore CA1873
        return Results.Redirect(url);
    }
}
