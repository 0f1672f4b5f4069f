using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IdentityBroker.Esia.Signing;
using Org.BouncyCastle.Asn1.X509;

namespace IdentityBroker.Server.Cli;

/// <summary>
/// <c>regions init</c> (R-REGION-4, docs/regions.md): everything a new region needs before its first sign-in — a region
/// file that passes <c>config validate</c> once its certificates are in place, the broker's GOST key for that region's ESIA
/// registration with a PKCS#10 request for the accredited CA (the certificate goes to the ESIA technology portal), the
/// diary back-end's directory client with a fresh secret, and a Helm values overlay. Existing files are never overwritten
/// without <c>--force</c>.
/// </summary>
internal static class RegionsCommand
{
    public const string EsiaTestBaseUrl = "https://esia-portal1.test.gosuslugi.ru";
    public const string EsiaTestIssuer = "http://esia-portal1.test.gosuslugi.ru/";

    public static Command Create(Func<ParseResult, CliOutput> output)
    {
        var code = new Option<string>("--code") { Description = "two-digit region (subject) code, e.g. 38", Required = true, HelpName = "CODE" };
        code.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } c && !(c.Length == 2 && c.All(char.IsAsciiDigit)))
            {
                r.AddError("--code must be the two-digit region code, e.g. 38.");
            }
        });
        var name = new Option<string>("--name") { Description = "the region's Russian name shown to users, e.g. \"Иркутская область\"", Required = true };
        var timeZone = new Option<string>("--time-zone") { Description = "IANA time zone of the region, e.g. Asia/Irkutsk (R-MATCH-1 ages)", Required = true, HelpName = "ZONE" };
        timeZone.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } z && !TimeZoneInfo.TryFindSystemTimeZoneById(z, out _))
            {
                r.AddError("--time-zone must be an IANA time zone id, e.g. Asia/Irkutsk or Asia/Omsk.");
            }
        });
        var issuer = new Option<string>("--issuer") { Description = "the broker's public URL (its issuer), e.g. https://id.dnevnik38.ru; the ESIA redirect URI is ISSUER/signin-esia", Required = true, HelpName = "URL" };
        issuer.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } text && !(Uri.TryCreate(text, UriKind.Absolute, out var u) && u.Scheme is "https" or "http"))
            {
                r.AddError("--issuer must be an absolute https URL, e.g. https://id.dnevnik38.ru.");
            }
        });
        var esiaClientId = new Option<string>("--esia-client-id") { Description = "the system's mnemonic registered on the ESIA technology portal, e.g. DNEVNIK38", Required = true, HelpName = "MNEMONIC" };
        esiaClientId.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } m && (m.Length == 0 || !m.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '-' or '_')))
            {
                r.AddError("--esia-client-id must be the upper-case mnemonic (A-Z, 0-9, '-', '_') exactly as registered on the technology portal.");
            }
        });
        var organization = new Option<string>("--organization") { Description = "the operator organisation for the certificate request (O=), e.g. \"ГАУ ЦИТ Иркутской области\"", Required = true, HelpName = "ORG" };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "where to write REGION.json, keys/REGION/ and values-region-REGION.yaml (e.g. the regions folder)", Required = true, HelpName = "DIR" };
        var keyMount = new Option<string>("--key-mount") { Description = "the folder the broker reads this region's key and certificates from at run time (default: /etc/identity-broker/esia/REGION; under Helm the chart writes these paths itself)", HelpName = "DIR" };
        var esiaBase = new Option<string>("--esia-base-url") { Description = "ESIA base URL (default: the test stand)", DefaultValueFactory = _ => EsiaTestBaseUrl, HelpName = "URL" };
        var esiaIssuer = new Option<string>("--esia-issuer") { Description = "ESIA's token issuer (default: the test stand's, http and trailing slash)", DefaultValueFactory = _ => EsiaTestIssuer, HelpName = "ISS" };
        var selfSigned = new Option<bool>("--self-signed") { Description = "also write a self-signed certificate of the key (a test stand with the ESIA emulator only; never for the real ESIA)" };
        var force = new Option<bool>("--force") { Description = "overwrite files that exist" };

        var init = new Command("init", "Write a new region's file skeleton, GOST key, certificate request (PKCS#10) for the ESIA technology portal, directory client secret and Helm values overlay.")
        {
            code, name, timeZone, issuer, esiaClientId, organization, outDir, keyMount, esiaBase, esiaIssuer, selfSigned, force,
        };
        init.SetAction(parse =>
        {
            var o = output(parse);
            var region = parse.GetValue(code)!;
            var dir = parse.GetValue(outDir)!.FullName;
            var keys = Path.Combine(dir, "keys", region);
            var mount = parse.GetValue(keyMount) ?? $"/etc/identity-broker/esia/{region}";
            var files = new Dictionary<string, string>
            {
                ["region"] = Path.Combine(dir, region + ".json"),
                ["key"] = Path.Combine(keys, "esia-client.key.pem"),
                ["request"] = Path.Combine(keys, "esia-client.csr.pem"),
                ["directorySecret"] = Path.Combine(keys, "directory-client.secret"),
                ["helmValues"] = Path.Combine(dir, $"values-region-{region}.yaml"),
            };
            if (parse.GetValue(selfSigned))
            {
                files["certificate"] = Path.Combine(keys, "esia-client.cert.pem");
            }

            if (!parse.GetValue(force) && files.Values.FirstOrDefault(File.Exists) is { } existing)
            {
                throw new CliUsageException($"'{existing}' exists; nothing was written. Choose another --out, or pass --force to overwrite.");
            }

            System.IO.Directory.CreateDirectory(keys);
            var subject = new List<(Org.BouncyCastle.Asn1.DerObjectIdentifier, string)>
            {
                (X509Name.C, "RU"), (X509Name.O, parse.GetValue(organization)!), (X509Name.CN, $"{parse.GetValue(esiaClientId)} IdentityBroker {region}"),
            };
            var (key, request, certificate) = GostCertificateRequest.Create(subject, $"{parse.GetValue(esiaClientId)} IdentityBroker {region} (self-signed, test stand only)", DateTimeOffset.UtcNow);
            WriteSecret(files["key"], key);
            File.WriteAllText(files["request"], request);
            if (files.TryGetValue("certificate", out var certificatePath))
            {
                File.WriteAllText(certificatePath, certificate);
            }

            var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            WriteSecret(files["directorySecret"], secret + "\n");
            var issuerUrl = parse.GetValue(issuer)!.TrimEnd('/');
            var regionFile = RegionFile(region, parse.GetValue(name)!, parse.GetValue(timeZone)!, issuerUrl, parse.GetValue(esiaClientId)!,
                parse.GetValue(esiaBase)!, parse.GetValue(esiaIssuer)!, mount, secret);
            File.WriteAllText(files["region"], regionFile);
            File.WriteAllText(files["helmValues"], HelmValues(region, issuerUrl, regionFile));

            if (o.Json)
            {
                o.WriteJson(new { region, files, directoryClientId = DirectoryClientId(region) });
            }
            else
            {
                o.Line($"Region {region}: wrote");
                foreach (var (what, path) in files)
                {
                    o.Line($"  {what,-16} {path}");
                }

                o.Line("Next (docs/regions.md): send esia-client.csr.pem to the accredited CA; put the issued certificate and ESIA's");
                o.Line($"signing certificates into the secret mounted at {mount}; register the system's certificate and redirect URI");
                o.Line($"{issuerUrl}/signin-esia on the ESIA technology portal; then run 'IdentityBroker.Server config validate'.");
            }

            return 0;
        });

        var regions = new Command("regions", "Region onboarding (docs/regions.md).") { init };
        return regions;
    }

    public static string DirectoryClientId(string region) => $"diary-{region}-backend";

    private static void WriteSecret(string path, string content)
    {
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string RegionFile(string code, string name, string timeZone, string issuer, string esiaClientId, string esiaBase, string esiaIssuer, string mount, string directorySecret)
    {
        var file = new JsonObject
        {
            ["code"] = code,
            ["name"] = name,
            ["timeZone"] = timeZone,
            ["policy"] = new JsonObject { ["adultLevels"] = new JsonArray("confirmed"), ["passwordSignIn"] = "forbidden" },
            ["esia"] = new JsonObject
            {
                ["baseUrl"] = esiaBase,
                ["issuer"] = esiaIssuer,
                ["clientId"] = esiaClientId,
                ["redirectUri"] = issuer + "/signin-esia",
                ["scopes"] = new JsonArray("openid", "fullname", "birthdate", "gender", "snils", "id_doc", "kid_fullname", "kid_birthdate", "kid_snils"),
                ["signer"] = new JsonObject
                {
                    ["kind"] = "file",
                    ["keyPath"] = mount + "/esia-client.key.pem",
                    ["certificatePath"] = mount + "/esia-client.cert.pem",
                },
                ["trustedCertificates"] = new JsonArray(mount + "/esia-trusted.pem"),
            },
            ["clients"] = new JsonArray(new JsonObject
            {
                ["clientId"] = DirectoryClientId(code),
                ["displayName"] = "Электронный дневник (сервер): синхронизация справочника",
                ["type"] = "confidential",
                ["grantTypes"] = new JsonArray("client_credentials"),
                ["secretSha256"] = new JsonArray(Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(directorySecret)))),
                ["allowedScopes"] = new JsonArray("openid", "directory"),
            }),
        };
        return file.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>
    /// The values overlay for helm/identity-broker: the chart's <c>regions[]</c> entry is the region file itself, except that
    /// the chart writes the key and certificate paths (it mounts the region's ESIA Secret), so the entry names the Secret
    /// and its keys instead. YAML accepts the JSON flow form, so the entry is the region object as JSON. scripts/chart-test.sh
    /// renders the chart with an overlay written by this verb.
    /// </summary>
    private static string HelmValues(string code, string issuer, string regionFileJson)
    {
        var entry = JsonNode.Parse(regionFileJson)!.AsObject();
        var esia = entry["esia"]!.AsObject();
        esia.Remove("trustedCertificates");
        esia["signer"] = new JsonObject { ["kind"] = "file" };
        esia["existingSecret"] = $"identity-broker-esia-{code}";
        esia["secretKeys"] = new JsonObject { ["gostKey"] = "esia-client.key.pem", ["gostCertificate"] = "esia-client.cert.pem" };
        esia["trustedCertificateKeys"] = new JsonArray("esia-trusted.pem");
        var json = entry.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return $$"""
            # Helm values overlay for region {{code}} (chart: helm/identity-broker; docs/regions.md "Helm values").
            # Combine it with the release's own values (values.yaml: image, secrets, ingress, networkPolicy, …).
            # Create the Secret identity-broker-esia-{{code}} with esia-client.key.pem, esia-client.cert.pem (issued by the CA
            # for esia-client.csr.pem) and esia-trusted.pem (ESIA's token-signing certificates), and the broker's Secret, then:
            #   helm upgrade --install id-{{code}} helm/identity-broker -n identity-{{code}} -f values-region-{{code}}.yaml \
            #     --set secrets.existingSecret=identity-broker-{{code}}
            # The directory client's secret (keys/{{code}}/directory-client.secret) goes to the diary back-end, never here:
            # the region entry keeps only its SHA-256.
            issuer: {{issuer}}
            regions:
              - {{json}}
            """ + "\n";
    }
}
