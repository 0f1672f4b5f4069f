using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Configuration;

/// <summary>
/// Start-up validation of the root keys of <see cref="BrokerOptions"/> (<c>IdentityBroker:*</c>): every message names the key
/// and the fix. Each nested section has its own validator; <see cref="BrokerOptionsValidators"/> lists and registers them all.
/// </summary>
internal sealed class BrokerOptionsValidator : IValidateOptions<BrokerOptions>
{
    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string p = BrokerOptions.SectionName;

        if (!Uri.TryCreate(options.Issuer, UriKind.Absolute, out var issuer) || !string.IsNullOrEmpty(issuer.Query) || !string.IsNullOrEmpty(issuer.Fragment))
        {
            errors.Add($"{p}:Issuer must be an absolute URL without query or fragment, e.g. https://id.dnevnik38.ru (got '{options.Issuer}').");
        }
        else if (issuer.Scheme != Uri.UriSchemeHttps && !options.AllowHttpIssuer)
        {
            errors.Add($"{p}:Issuer must use https. For local development only, set {p}:AllowHttpIssuer=true.");
        }

        if (string.IsNullOrWhiteSpace(options.RegionsDirectory))
        {
            errors.Add($"{p}:RegionsDirectory is required: point it to the folder of region files (*.json), see docs/regions.md.");
        }

        CheckKey(errors, options.PersonalDataPepper, $"{p}:PersonalDataPepper", exact: false);
        CheckKey(errors, options.SigningKeyEncryptionKey, $"{p}:SigningKeyEncryptionKey", exact: true);

        foreach (var (value, key) in new[]
                 {
                     (options.AuthorizationCodeLifetime, "AuthorizationCodeLifetime"), (options.AccessTokenLifetime, "AccessTokenLifetime"),
                     (options.IdTokenLifetime, "IdTokenLifetime"), (options.EsiaRoundTripLifetime, "EsiaRoundTripLifetime"),
                     (options.SessionLifetime, "SessionLifetime"),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{p}:{key} must be a positive duration such as 00:05:00.");
            }
        }

        if (options.RefreshTokenReuseGrace < TimeSpan.Zero || options.RefreshTokenReuseGrace > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{p}:RefreshTokenReuseGrace must be between 00:00:00 (no grace) and 00:01:00, e.g. 00:00:05 (got {options.RefreshTokenReuseGrace}).");
        }

        if (options.RefreshTokenRetryWindow < options.RefreshTokenReuseGrace || options.RefreshTokenRetryWindow > TimeSpan.FromMinutes(30))
        {
            errors.Add($"{p}:RefreshTokenRetryWindow must be between RefreshTokenReuseGrace ({options.RefreshTokenReuseGrace}) and 00:30:00, e.g. 00:10:00 (got {options.RefreshTokenRetryWindow}).");
        }

        for (var i = 0; i < (options.TrustedProxies?.Count ?? 0); i++)
        {
            var proxy = options.TrustedProxies![i];
            var valid = proxy.Contains('/', StringComparison.Ordinal) ? System.Net.IPNetwork.TryParse(proxy, out _) : System.Net.IPAddress.TryParse(proxy, out _);
            if (!valid)
            {
                errors.Add($"{p}:TrustedProxies:{i} must be an IP address or a CIDR network such as 10.42.0.0/16 (got '{proxy}'): the ingress controller's addresses, whose X-Forwarded-* headers are believed.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckKey(List<string> errors, string value, string key, bool exact)
    {
        byte[]? bytes = null;
        try
        {
            bytes = string.IsNullOrWhiteSpace(value) ? null : Convert.FromBase64String(value.Trim());
        }
        catch (FormatException)
        {
            // reported below
        }

        var ok = bytes is not null && (exact ? bytes.Length == 32 : bytes.Length >= 32);
        if (!ok)
        {
            errors.Add($"{key} must be base64 of {(exact ? "exactly" : "at least")} 32 random bytes (a secret: mount it as a file or an environment variable). Generate one with: openssl rand -base64 32");
        }
    }
}
