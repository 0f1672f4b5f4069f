using System.Security.Cryptography;
using System.Text.RegularExpressions;
using IdentityBroker.EsiaEmulator.Crypto;
using IdentityBroker.EsiaEmulator.Personas;
using Microsoft.Extensions.Options;

namespace IdentityBroker.EsiaEmulator.Configuration;

/// <summary>Start-up checks: every message names the key and says how to fix it.</summary>
internal sealed partial class EmulatorOptionsValidator : IValidateOptions<EmulatorOptions>
{
    private const string S = EmulatorOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, EmulatorOptions options)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(options.Issuer, UriKind.Absolute, out _))
        {
            errors.Add($"{S}:Issuer is required: set it to the iss the emulator puts in tokens, e.g. 'http://127.0.0.1:5101/'.");
        }

        if (options.TokenAlgorithm == TokenSigningKey.Gost256)
        {
            CheckFile(errors, $"{S}:SigningCertificatePath", options.SigningCertificatePath, "a GOST R 34.10-2012-256 certificate (PEM or DER)",
                path => GostCertificate.Load(path));
            CheckFile(errors, $"{S}:SigningKeyPath", options.SigningKeyPath, "the GOST R 34.10-2012-256 key of that certificate in PKCS#8 PEM",
                path => GostTokenSigningKey.Load(path, options.SigningCertificatePath));
        }
        else if (options.TokenAlgorithm == TokenSigningKey.Rs256)
        {
            CheckFile(errors, $"{S}:SigningKeyPath", options.SigningKeyPath, "an RSA private key in PKCS#8 PEM", path =>
            {
                using var rsa = RSA.Create();
                rsa.ImportFromPem(File.ReadAllText(path));
            });
            CheckFile(errors, $"{S}:SigningCertificatePath", options.SigningCertificatePath, "an X.509 certificate in PEM", path =>
                System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(path)).Dispose());
        }
        else
        {
            errors.Add($"{S}:TokenAlgorithm '{options.TokenAlgorithm}' is not supported: use '{TokenSigningKey.Rs256}' or '{TokenSigningKey.Gost256}'.");
        }

        if (options.Clients.Count == 0)
        {
            errors.Add($"{S}:Clients is empty: register at least one information system (ClientId, CertificatePath, RedirectUris, SystemName).");
        }

        for (var i = 0; i < options.Clients.Count; i++)
        {
            ValidateClient(errors, $"{S}:Clients:{i}", options.Clients[i]);
        }

        foreach (var duplicate in options.Clients.GroupBy(c => c.ClientId).Where(g => g.Count() > 1))
        {
            errors.Add($"{S}:Clients: ClientId '{duplicate.Key}' is registered twice; remove one of them.");
        }

        var personas = string.IsNullOrWhiteSpace(options.PersonasPath) ? PersonaCatalog.DefaultPath : options.PersonasPath;
        CheckFile(errors, $"{S}:PersonasPath", personas, "a persona file (see README.md)", path => PersonaCatalog.Load(path));

        if (options.TimestampWindowSeconds <= 0)
        {
            errors.Add($"{S}:TimestampWindowSeconds must be positive (default 300).");
        }

        if (options.CodeLifetimeSeconds <= 0)
        {
            errors.Add($"{S}:CodeLifetimeSeconds must be positive (default 240).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateClient(List<string> errors, string key, ClientRegistration client)
    {
        if (!MnemonicPattern().IsMatch(client.ClientId))
        {
            errors.Add($"{key}:ClientId must be the IS mnemonic in upper case (A-Z, 0-9, '-', '_'), e.g. 'EDIARY38'.");
        }

        CheckFile(errors, $"{key}:CertificatePath", client.CertificatePath, "a GOST R 34.10-2012-256 certificate (PEM or DER)",
            path => GostCertificate.Load(path));

        if (client.RedirectUris.Count == 0 || client.RedirectUris.Any(u => !Uri.TryCreate(u, UriKind.Absolute, out _)))
        {
            errors.Add($"{key}:RedirectUris must list at least one absolute URI prefix, e.g. 'https://broker.example.ru/'.");
        }

        if (string.IsNullOrWhiteSpace(client.SystemName))
        {
            errors.Add($"{key}:SystemName is required: the Russian name shown on the access page.");
        }
    }

    private static void CheckFile(List<string> errors, string key, string path, string what, Action<string> load)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add($"{key} is required: set it to the path of {what}.");
            return;
        }

        if (!File.Exists(path))
        {
            errors.Add($"{key}: file '{path}' does not exist; point it to {what}.");
            return;
        }

        try
        {
            load(path);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or ArgumentException
                                       or InvalidDataException or IOException or System.Text.Json.JsonException
                                       or InvalidCastException)
        {
            errors.Add($"{key}: '{path}' is not {what}: {ex.Message}");
        }
    }

    [GeneratedRegex("^[A-Z0-9_-]+$")]
    private static partial Regex MnemonicPattern();
}
