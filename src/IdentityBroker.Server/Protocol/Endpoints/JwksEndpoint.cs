using IdentityBroker.Server.Protocol.Tokens;

namespace IdentityBroker.Server.Protocol.Endpoints;

/// <summary><c>/.well-known/jwks.json</c> (RFC 7517): every key not yet expired, including keys not yet or no longer signing.</summary>
internal static class JwksEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet(ProtocolRoutes.Jwks, async (SigningKeyManager keys, HttpContext context, CancellationToken cancellationToken) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=60";
            return Results.Text(await keys.GetJwksJsonAsync(cancellationToken), "application/jwk-set+json");
        });
}
