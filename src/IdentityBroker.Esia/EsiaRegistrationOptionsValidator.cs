using IdentityBroker.Esia.Signing;
using IdentityBroker.Esia.Tokens;

namespace IdentityBroker.Esia;

/// <summary>
/// Start-up validation of a region's ESIA registration (R-REGION-4): each message names the key
/// (<c>Regions:{code}:Esia:…</c>) and how to fix it. Certificate and key files must exist and parse.
/// </summary>
public static class EsiaRegistrationOptionsValidator
{
    /// <summary>Returns every problem found; empty when the registration is usable.</summary>
    public static IReadOnlyList<string> Validate(string regionCode, EsiaRegistrationOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var prefix = $"Regions:{regionCode}:Esia";
        var errors = new List<string>();

        if (!IsAbsoluteHttpUrl(o.BaseUrl, httpsOnly: false))
        {
            errors.Add($"{prefix}:BaseUrl must be an absolute http(s) URL such as https://esia.gosuslugi.ru (test: https://esia-portal1.test.gosuslugi.ru).");
        }

        if (string.IsNullOrWhiteSpace(o.Issuer))
        {
            errors.Add($"{prefix}:Issuer is required: set it to ESIA's token issuer exactly, e.g. http://esia.gosuslugi.ru/ (http and trailing slash).");
        }
        else if (!o.Issuer.EndsWith('/'))
        {
            // ESIA's tokens carry iss WITH the trailing slash; without it every token would be rejected after start-up.
            errors.Add($"{prefix}:Issuer '{o.Issuer}' lacks the trailing slash: ESIA's tokens carry iss exactly as 'http://esia.gosuslugi.ru/'. Set it to '{o.Issuer}/'.");
        }

        if (string.IsNullOrWhiteSpace(o.ClientId))
        {
            errors.Add($"{prefix}:ClientId is required: set it to the mnemonic registered on the ESIA technology portal.");
        }
        else if (!o.ClientId.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_'))
        {
            errors.Add($"{prefix}:ClientId must be the upper-case mnemonic (A-Z, 0-9, '-', '_') exactly as registered on the technology portal.");
        }

        if (!IsAbsoluteHttpUrl(o.RedirectUri, httpsOnly: false))
        {
            errors.Add($"{prefix}:RedirectUri must be the broker's absolute callback URL, exactly as registered for the system on the technology portal.");
        }

        if (o.Scopes is null || !o.Scopes.Contains("openid", StringComparer.Ordinal))
        {
            errors.Add($"{prefix}:Scopes must include 'openid' (plus fullname, birthdate, gender, snils, id_doc for matching).");
        }
        else if (o.Scopes.Any(s => string.IsNullOrWhiteSpace(s) || s.Contains(' ', StringComparison.Ordinal)))
        {
            errors.Add($"{prefix}:Scopes must be single scope names without spaces.");
        }

        if (o.Timeout <= TimeSpan.Zero || o.Timeout > TimeSpan.FromMinutes(2))
        {
            errors.Add($"{prefix}:Timeout must be between 00:00:00.001 and 00:02:00 (default 00:00:10).");
        }

        if (o.ClockSkew < TimeSpan.Zero || o.ClockSkew > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{prefix}:ClockSkew must be between 00:00:00 and 00:10:00 (default 00:02:00).");
        }

        ValidateSigner(prefix + ":Signer", o.Signer, errors);
        ValidateTrustedCertificates(prefix + ":TrustedCertificates", o.TrustedCertificates, errors);
        return errors;
    }

    private static void ValidateSigner(string prefix, EsiaSignerOptions? signer, List<string> errors)
    {
        if (signer is null)
        {
            errors.Add($"{prefix} is required: set Kind to 'file' (KeyPath + CertificatePath) or 'remote' (Url + CertificatePath).");
            return;
        }

        var isFile = string.Equals(signer.Kind, EsiaSignerOptions.FileKind, StringComparison.OrdinalIgnoreCase);
        var isRemote = string.Equals(signer.Kind, EsiaSignerOptions.RemoteKind, StringComparison.OrdinalIgnoreCase);
        if (!isFile && !isRemote)
        {
            errors.Add($"{prefix}:Kind must be 'file' or 'remote'.");
            return;
        }

        var certificate = CheckFile($"{prefix}:CertificatePath", signer.CertificatePath,
            "the system's certificate uploaded to the technology portal (PEM or DER)", errors,
            bytes => GostCertificate.Parse(bytes).GostPublicKey ?? throw new FormatException("not a GOST R 34.10-2012 certificate"));

        if (isFile)
        {
            var key = CheckFile($"{prefix}:KeyPath", signer.KeyPath,
                "an unencrypted PKCS#8 PEM GOST R 34.10-2012-256 key (generate dev credentials with the broker CLI)", errors,
                bytes => GostKeyEncoding.DecodePrivateKeyPem(System.Text.Encoding.ASCII.GetString(bytes)));
            if (key is not null && certificate is not null && !GostKeyEncoding.PublicFromPrivate(key).Q.Equals(certificate.Q))
            {
                errors.Add($"{prefix}:KeyPath does not hold the private key of {prefix}:CertificatePath: configure the matching pair.");
            }
        }
        else if (!IsAbsoluteHttpUrl(signer.Url, httpsOnly: false))
        {
            errors.Add($"{prefix}:Url must be the absolute URL of the remote signing service (see Signing/REMOTE-SIGNER.md).");
        }
    }

    private static void ValidateTrustedCertificates(string prefix, List<string>? paths, List<string> errors)
    {
        if (paths is null || paths.Count == 0)
        {
            errors.Add($"{prefix} is required: list the paths of ESIA's token-signing certificates from https://esia.gosuslugi.ru/public/esia.zip (RSA and/or GOST).");
            return;
        }

        for (var i = 0; i < paths.Count; i++)
        {
            CheckFile($"{prefix}:{i}", paths[i], "an ESIA verification certificate (PEM or DER, RSA or GOST)", errors,
                bytes => (object)TrustedCertificateStore.ParseAll(bytes));
        }
    }

    private static T? CheckFile<T>(string key, string? path, string what, List<string> errors, Func<byte[], T> parse)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add($"{key} is required: set it to the path of {what}.");
            return null;
        }

        if (!File.Exists(path))
        {
            errors.Add($"{key}: file '{path}' does not exist: mount {what} there or correct the path.");
            return null;
        }

        try
        {
            return parse(File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            errors.Add($"{key}: file '{path}' could not be read as {what} ({ex.GetType().Name}).");
            return null;
        }
    }

    private static bool IsAbsoluteHttpUrl(string? value, bool httpsOnly) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttps || (!httpsOnly && uri.Scheme == Uri.UriSchemeHttp));
}
