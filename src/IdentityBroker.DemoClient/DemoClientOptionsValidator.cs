using Microsoft.Extensions.Options;

namespace IdentityBroker.DemoClient;

/// <summary>Checks the <c>DemoClient</c> section at start; each message names the key and how to fix it.</summary>
internal sealed class DemoClientOptionsValidator : IValidateOptions<DemoClientOptions>
{
    private const string Prefix = DemoClientOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, DemoClientOptions options)
    {
        var failures = new List<string>();

        if (!TryAbsoluteHttpUri(options.Authority, out var authority))
        {
            failures.Add($"{Prefix}Authority must be the broker's issuer as an absolute http(s) URL, e.g. http://localhost:5100 " +
                         $"(set {Prefix}Authority or the environment variable DemoClient__Authority); got '{options.Authority}'.");
        }
        else if (options.RequireHttpsMetadata && authority.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"{Prefix}Authority '{options.Authority}' is not https while {Prefix}RequireHttpsMetadata is true: " +
                         $"use an https issuer, or set {Prefix}RequireHttpsMetadata=false for local development and tests.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"{Prefix}ClientId is required: set it to the client_id registered for this diary at the broker.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.Add($"{Prefix}ClientSecret is required (confidential client, client_secret_basic): " +
                         "set it to the client's secret, preferably from an environment variable or a secret file.");
        }

        var scopes = (options.Scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!scopes.Contains("openid", StringComparer.Ordinal))
        {
            failures.Add($"{Prefix}Scope must contain 'openid' (space-separated, e.g. \"openid profile diary\"); got '{options.Scope}'.");
        }

        if (!TryAbsoluteHttpUri(options.PublicUrl, out var publicUrl) || publicUrl.Query.Length > 0 || publicUrl.Fragment.Length > 0)
        {
            failures.Add($"{Prefix}PublicUrl must be this app's own base URL, absolute http(s) without query or fragment, " +
                         $"e.g. http://localhost:5200 (the redirect URI is {{PublicUrl}}/signin-callback); got '{options.PublicUrl}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool TryAbsoluteHttpUri(string? value, out Uri uri)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var parsed)
            && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps))
        {
            uri = parsed;
            return true;
        }

        uri = null!;
        return false;
    }
}
