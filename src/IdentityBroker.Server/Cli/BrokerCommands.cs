using System.Security.Cryptography;
using System.Text;
using IdentityBroker.Core.Privacy;
using IdentityBroker.Esia.Signing;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Regions;
using IdentityBroker.Store;
using IdentityBroker.Store.Directory;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Cli;

/// <summary>
/// The operator verbs of the broker binary (README "Operations"): <c>migrate</c>, <c>import-directory</c>,
/// <c>hash-secret</c>, <c>esia-dev-credentials</c>. Anything else (or nothing) serves HTTP.
/// </summary>
public static class BrokerCommands
{
    public static readonly string[] Verbs = ["migrate", "import-directory", "hash-secret", "esia-dev-credentials", "help"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var verb = args[0];
        var rest = args.Skip(1).ToList();
        try
        {
            return verb switch
            {
                "migrate" => await MigrateAsync(rest, output),
                "import-directory" => await ImportDirectoryAsync(rest, output),
                "hash-secret" => HashSecret(rest, output),
                "esia-dev-credentials" => EsiaDevCredentials(rest, output),
                _ => Help(output),
            };
        }
        catch (CliUsageException ex)
        {
            await error.WriteLineAsync("error: " + ex.Message);
            await error.WriteLineAsync("Run 'IdentityBroker.Server help' for usage.");
            return 2;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync("Configuration error:" + Environment.NewLine + string.Join(Environment.NewLine, ex.Failures.Select(f => "  - " + f)));
            return 2;
        }
        catch (RegionConfigurationException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 2;
        }
    }

    private static async Task<int> MigrateAsync(List<string> args, TextWriter output)
    {
        var a = CliArguments.Parse(args, "connection");
        var connection = a.Optional("connection") ?? LoadConfiguration().GetConnectionString("Broker")
            ?? throw new CliUsageException("no connection string: set ConnectionStrings__Broker or pass --connection.");
        await using var services = new ServiceCollection().AddLogging(l => l.AddConsole()).AddBrokerStore(connection).BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await output.WriteLineAsync("Database is up to date.");
        return 0;
    }

    private static async Task<int> ImportDirectoryAsync(List<string> args, TextWriter output)
    {
        var a = CliArguments.Parse(args, "region", "file", "format", "connection", "mode", "max-removed-share");
        var region = a.Required("region", "the two-digit region code the accounts belong to, e.g. --region 38");
        var path = a.Required("file", "the directory export, JSON Lines (.jsonl) or CSV (.csv)");
        var format = (a.Optional("format") ?? Path.GetExtension(path).TrimStart('.')).ToLowerInvariant() switch
        {
            "jsonl" or "ndjson" or "json" => DirectoryFileFormat.JsonLines,
            "csv" => DirectoryFileFormat.Csv,
            var other => throw new CliUsageException($"unknown format '{other}': use --format jsonl or --format csv."),
        };
        if (!File.Exists(path))
        {
            throw new CliUsageException($"file '{path}' does not exist.");
        }

        // R-MATCH-7: an upsert keeps accounts absent from the file; a full sync removes them, guarded by a share
        var importOptions = new DirectoryImportOptions
        {
            FullSync = (a.Optional("mode") ?? "upsert") switch
            {
                "upsert" => false,
                "full-sync" => true,
                var other => throw new CliUsageException($"unknown mode '{other}': use --mode upsert (default) or --mode full-sync."),
            },
        };
        if (a.Optional("max-removed-share") is { } share)
        {
            importOptions = importOptions with
            {
                MaxRemovedShare = double.TryParse(share, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) && s is >= 0 and <= 1
                    ? s
                    : throw new CliUsageException("--max-removed-share must be a number from 0 to 1, e.g. 0.1 (1 forces any removal)."),
            };
        }

        var configuration = LoadConfiguration();
        var options = new BrokerOptions();
        configuration.GetSection(BrokerOptions.SectionName).Bind(options);
        if (!string.IsNullOrWhiteSpace(options.RegionsDirectory) && RegionCatalogLoader.Load(options.RegionsDirectory).FindRegion(region) is null)
        {
            throw new CliUsageException($"region {region} is not configured in {options.RegionsDirectory}.");
        }

        byte[] pepper;
        try
        {
            pepper = Convert.FromBase64String(options.PersonalDataPepper);
        }
        catch (FormatException)
        {
            pepper = [];
        }

        if (pepper.Length < 32)
        {
            throw new CliUsageException("IdentityBroker:PersonalDataPepper must be base64 of at least 32 bytes (the same value the broker uses).");
        }

        var connection = a.Optional("connection") ?? configuration.GetConnectionString("Broker")
            ?? throw new CliUsageException("no connection string: set ConnectionStrings__Broker or pass --connection.");
        await using var services = new ServiceCollection().AddLogging(l => l.AddConsole()).AddBrokerStore(connection).BuildServiceProvider();
        var importer = ActivatorUtilities.CreateInstance<DirectoryImporter>(services);
        await using var stream = File.OpenRead(path);
        ImportReport report;
        try
        {
            report = await importer.ImportAsync(region, stream, format, new PersonalDataHasher(pepper), importOptions, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DirectoryImportRefusedException or InvalidDataException)
        {
            await output.WriteLineAsync($"Region {region}: import refused, nothing was written: {ex.Message}");
            return 1;
        }

        await output.WriteLineAsync($"Region {region}: {report.Inserted} inserted, {report.Updated} updated, {report.Unchanged} unchanged, {report.Rejected.Count} rejected.");
        await output.WriteLineAsync($"  removed {report.Removed} accounts, {report.LinksRemoved} links (audited), {report.RelationsRemoved} relations.");
        foreach (var row in report.Rejected)
        {
            await output.WriteLineAsync($"  rejected line {row.Line}: {row.Reason}");
        }

        foreach (var row in report.MixedScriptNames)
        {
            await output.WriteLineAsync($"  imported line {row.Line} (id {row.AccountId}): the name mixes Cyrillic and Latin letters; correct it in the diary");
        }

        return report.Rejected.Count == 0 ? 0 : 1;
    }

    private static int HashSecret(List<string> args, TextWriter output)
    {
        var a = CliArguments.Parse(args, "secret");
        var secret = a.Optional("secret") ?? Console.In.ReadLine();
        if (string.IsNullOrEmpty(secret))
        {
            throw new CliUsageException("give the client secret on standard input (or --secret).");
        }

        output.WriteLine(Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret))));
        return 0;
    }

    private static int EsiaDevCredentials(List<string> args, TextWriter output)
    {
        var a = CliArguments.Parse(args, "out", "name");
        var dir = a.Required("out", "the folder to write esia-client.key.pem and esia-client.cert.pem into");
        System.IO.Directory.CreateDirectory(dir);
        var now = DateTimeOffset.UtcNow;
        var (key, cert) = GostCredentialGenerator.CreateSelfSigned(a.Optional("name") ?? "IdentityBroker development", now.AddDays(-1), now.AddYears(2));
        File.WriteAllText(Path.Combine(dir, "esia-client.key.pem"), key);
        File.WriteAllText(Path.Combine(dir, "esia-client.cert.pem"), cert);
        output.WriteLine($"Wrote a GOST R 34.10-2012 development key and self-signed certificate to {dir}. For development and tests only: production ESIA requires certified crypto (docs/ESIA.md §0.2).");
        return 0;
    }

    private static int Help(TextWriter output)
    {
        output.WriteLine("""
            IdentityBroker.Server [verb] [options]
              (no verb)                      serve HTTP (OpenID Provider and sign-in pages)
              migrate [--connection CS]      apply database migrations (run as a Helm Job before an upgrade)
              import-directory --region 38 --file accounts.jsonl [--format jsonl|csv] [--connection CS]
                               [--mode upsert|full-sync] [--max-removed-share 0.1]
                                             import or update a region's diary directory (idempotent); full-sync also
                                             removes accounts absent from the file, refused above the share (1 forces)
              hash-secret [--secret S]       print the secretSha256 value of a client secret (reads stdin)
              esia-dev-credentials --out DIR [--name CN]
                                             write a GOST development key and certificate for the ESIA emulator
            Configuration comes from appsettings.json, environment variables (IdentityBroker__Issuer, ConnectionStrings__Broker, …)
            and files under /var/run/secrets/identity-broker. See README.md "Configuration reference".
            """);
        return 0;
    }

    private static IConfiguration LoadConfiguration()
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables();
        var secrets = builder.Build()[Hosting.HostingExtensions.SecretsDirectoryKey] ?? Hosting.HostingExtensions.DefaultSecretsDirectory; // as the broker itself
        if (System.IO.Directory.Exists(secrets))
        {
            builder.AddKeyPerFile(secrets, optional: true);
        }

        return builder.Build();
    }
}
