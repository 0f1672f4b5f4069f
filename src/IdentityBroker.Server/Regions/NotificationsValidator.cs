using System.Net;
using System.Text;

namespace IdentityBroker.Server.Regions;

/// <summary>
/// Validates a region's <c>notifications</c> (consent webhooks, docs/webhooks.md) at start-up: an absolute https URL
/// (http only for a loopback host) and exactly one secret source, readable now, of at least 32 characters.
/// </summary>
internal static class NotificationsValidator
{
    public const int MinimumSecretLength = 32;

    public static RegionNotifications? Validate(string file, NotificationsFile n, List<string> errors)
    {
        var at = $"{file}: notifications";
        var before = errors.Count;
        if (!Uri.TryCreate(n.WebhookUrl, UriKind.Absolute, out var url) || !string.IsNullOrEmpty(url.Fragment) ||
            !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && IsLoopback(url))))
        {
            errors.Add($"{at}.webhookUrl: '{Truncate(n.WebhookUrl)}' must be an absolute https URL without fragment (http only for 127.0.0.1/localhost).");
        }

        string? secret = null;
        var hasFile = !string.IsNullOrWhiteSpace(n.SecretFile);
        var hasEnv = !string.IsNullOrWhiteSpace(n.SecretEnvironmentVariable);
        if (hasFile == hasEnv)
        {
            errors.Add($"{at}: set exactly one of secretFile (a file holding the HMAC secret) or secretEnvironmentVariable (the name of a variable holding it).");
        }
        else if (hasFile)
        {
            try
            {
                secret = File.ReadAllText(n.SecretFile!).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                errors.Add($"{at}.secretFile: cannot read '{n.SecretFile}' ({ex.GetType().Name}). Mount the secret there or fix the path.");
            }
        }
        else
        {
            secret = Environment.GetEnvironmentVariable(n.SecretEnvironmentVariable!)?.Trim();
            if (string.IsNullOrEmpty(secret))
            {
                errors.Add($"{at}.secretEnvironmentVariable: the variable '{n.SecretEnvironmentVariable}' is not set. Set it to the region's webhook secret.");
            }
        }

        if (secret is { Length: > 0 } && secret.Length < MinimumSecretLength)
        {
            errors.Add($"{at}: the webhook secret must be at least {MinimumSecretLength} characters (e.g. openssl rand -base64 32).");
        }

        return errors.Count > before || url is null || secret is null ? null : new RegionNotifications(url, Encoding.UTF8.GetBytes(secret));
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host, out var ip) && IPAddress.IsLoopback(ip));

    private static string Truncate(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
