using System.Net.Http.Headers;
using System.Text;
using IdentityBroker.Server.Regions;

namespace IdentityBroker.Server.Protocol.Validation;

/// <summary>
/// Client authentication at the token endpoint: client_secret_basic (RFC 6749 §2.3.1, with form-urlencoded id and
/// secret), client_secret_post, or none for public clients. Using two methods at once is an error (§2.3).
/// </summary>
internal sealed class ClientAuthenticator(RegionCatalog catalog)
{
    public ClientAuthenticationResult Authenticate(HttpRequest request, IReadOnlyDictionary<string, string[]> form)
    {
        string? basicId = null, basicSecret = null;
        var header = request.Headers.Authorization.ToString();
        if (AuthenticationHeaderValue.TryParse(header, out var auth) && string.Equals(auth.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth.Parameter ?? string.Empty));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    return ClientAuthenticationResult.Fail("Malformed Basic credentials.", basic: true);
                }

                basicId = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
                basicSecret = Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' '));
            }
            catch (FormatException)
            {
                return ClientAuthenticationResult.Fail("Malformed Basic credentials.", basic: true);
            }
        }

        var postId = form.One("client_id");
        var postSecret = form.One("client_secret");
        if (basicId is not null && postSecret is not null)
        {
            return ClientAuthenticationResult.Fail("Use one client authentication method, not two.", basic: true);
        }

        if (basicId is not null && postId is not null && postId != basicId)
        {
            return ClientAuthenticationResult.Fail("client_id in the body differs from the Basic credentials.", basic: true);
        }

        var clientId = basicId ?? postId;
        var secret = basicSecret ?? postSecret;
        var client = catalog.FindClient(clientId);
        if (client is null)
        {
            return ClientAuthenticationResult.Fail("Unknown client.", basic: basicId is not null);
        }

        if (client.IsPublic)
        {
            return secret is null
                ? ClientAuthenticationResult.Ok(client)
                : ClientAuthenticationResult.Fail("A public client has no secret.", basic: basicId is not null);
        }

        return secret is not null && client.SecretMatches(secret)
            ? ClientAuthenticationResult.Ok(client)
            : ClientAuthenticationResult.Fail("Client authentication failed.", basic: basicId is not null);
    }
}

internal sealed record ClientAuthenticationResult(RegisteredClient? Client, string? Error, bool UsedBasic)
{
    public static ClientAuthenticationResult Ok(RegisteredClient client) => new(client, null, false);

    public static ClientAuthenticationResult Fail(string error, bool basic) => new(null, error, basic);
}
