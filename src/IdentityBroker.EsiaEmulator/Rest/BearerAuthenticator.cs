using System.Text.Json.Nodes;
using IdentityBroker.EsiaEmulator.Configuration;
using IdentityBroker.EsiaEmulator.Crypto;
using IdentityBroker.EsiaEmulator.Tokens;
using Microsoft.Extensions.Options;

namespace IdentityBroker.EsiaEmulator.Rest;

/// <summary>The scopes an access token grants for one oid, or null when the token must be refused with 401.</summary>
internal sealed class BearerAuthenticator(TokenSigningKeys keys, IOptions<EmulatorOptions> options, TimeProvider time)
{
    public HashSet<string>? Authenticate(HttpRequest request, long oid)
    {
        var header = request.Headers.Authorization.ToString();
        const string Prefix = "Bearer ";
        if (!header.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        // Tokens signed with either of the emulator's own keys are its own (the rotated key is only untrusted by clients).
        if (Jwt.Read(header[Prefix.Length..].Trim(), keys.Primary, keys.Rotated) is not var (jwtHeader, payload))
        {
            return null;
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var valid = (string?)jwtHeader["sbt"] == "access"
                    && (string?)payload["iss"] == options.Value.Issuer
                    && Number(payload["exp"]) > now
                    && Number(payload["nbf"]) <= now + 60
                    && Number(payload["urn:esia:sbj_id"]) == oid;
        return valid ? ScopesFor((string?)payload["scope"] ?? "", oid) : null;
    }

    /// <summary>Bare scope names whose <c>?oid=</c> parameter matches (e.g. <c>fullname?oid=1000000001</c>).</summary>
    private static HashSet<string> ScopesFor(string scope, long oid)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split('?', 2);
            if (parts.Length == 2 && parts[1] == $"oid={oid}")
            {
                result.Add(parts[0]);
            }
        }

        return result;
    }

    private static long Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<long>(out var number) ? number : long.MinValue;
}
