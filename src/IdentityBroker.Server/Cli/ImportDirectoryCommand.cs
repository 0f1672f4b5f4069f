using System.CommandLine;
using System.Globalization;
using IdentityBroker.Core.Privacy;
using IdentityBroker.Server.Regions;
using IdentityBroker.Store;
using IdentityBroker.Store.Directory;
using Spectre.Console;

namespace IdentityBroker.Server.Cli;

/// <summary>
/// <c>import-directory</c>: a region's diary directory from a JSON Lines or CSV file (FORMATS.md), through the same
/// importer as the directory sync API. Exit 0: every row imported; 1: rows rejected or the import refused (nothing
/// written); 2: a usage or configuration error.
/// </summary>
internal static class ImportDirectoryCommand
{
    public static Command Create(Func<ParseResult, CliOutput> output)
    {
        var region = new Option<string>("--region") { Description = "the two-digit region code the accounts belong to, e.g. 38", Required = true, HelpName = "CODE" };
        var file = new Option<FileInfo>("--file") { Description = "the directory export, JSON Lines (.jsonl) or CSV (.csv)", Required = true, HelpName = "FILE" };
        var format = new Option<string>("--format") { Description = "jsonl or csv (default: from the file's extension)", HelpName = "jsonl|csv" };
        format.AcceptOnlyFromAmong("jsonl", "ndjson", "json", "csv");
        var connection = new Option<string>("--connection") { Description = "PostgreSQL connection string (default: ConnectionStrings:Broker)", HelpName = "CS" };
        var mode = new Option<string>("--mode") { Description = "upsert keeps accounts absent from the file; full-sync removes them (R-MATCH-7)", DefaultValueFactory = _ => "upsert", HelpName = "upsert|full-sync" };
        mode.AcceptOnlyFromAmong("upsert", "full-sync");
        var share = new Option<string>("--max-removed-share") { Description = "a full sync removing more than this share of the region's accounts is refused (1 forces)", DefaultValueFactory = _ => "0.1", HelpName = "0.1" };
        share.Validators.Add(r =>
        {
            if (Share(r.GetValueOrDefault<string>()) is null)
            {
                r.AddError("--max-removed-share must be a number from 0 to 1, e.g. 0.1 (1 forces any removal).");
            }
        });
        region.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } code && !(code.Length == 2 && code.All(char.IsAsciiDigit)))
            {
                r.AddError($"--region must be the two-digit region code, e.g. 38 (got '{Short(code)}').");
            }
        });

        var command = new Command("import-directory", "Import or update a region's diary directory (idempotent upsert; full-sync also removes absent accounts).")
        {
            region, file, format, connection, mode, share,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var o = output(parse);
            var code = parse.GetValue(region)!;
            var path = parse.GetValue(file)!;
            var fileFormat = (parse.GetValue(format) ?? path.Extension.TrimStart('.')).ToLowerInvariant() switch
            {
                "jsonl" or "ndjson" or "json" => DirectoryFileFormat.JsonLines,
                "csv" => DirectoryFileFormat.Csv,
                var other => throw new CliUsageException($"unknown format '{Short(other)}': use --format jsonl or --format csv."),
            };
            if (!path.Exists)
            {
                throw new CliUsageException($"file '{path}' does not exist.");
            }

            var options = new DirectoryImportOptions { FullSync = parse.GetValue(mode) == "full-sync", MaxRemovedShare = Share(parse.GetValue(share))!.Value };
            var configuration = CliConfiguration.Load();
            var broker = CliConfiguration.BrokerOptions(configuration);
            if (!string.IsNullOrWhiteSpace(broker.RegionsDirectory) && RegionCatalogLoader.Load(broker.RegionsDirectory).FindRegion(code) is null)
            {
                throw new CliUsageException($"region {code} is not configured in {broker.RegionsDirectory}.");
            }

            var pepper = Pepper(broker.PersonalDataPepper);
            var cs = CliConfiguration.ConnectionString(parse.GetValue(connection), configuration);
            await using var services = CliConfiguration.StoreServices(cs, configuration, o);
            var importer = ActivatorUtilities.CreateInstance<DirectoryImporter>(services);
            await using var stream = new CountingStream(path.OpenRead());
            var started = System.Diagnostics.Stopwatch.StartNew();
            ImportReport report;
            try
            {
                report = await ImportProgress.RunAsync(o, stream, $"region {code}",
                    () => importer.ImportAsync(code, stream, fileFormat, new PersonalDataHasher(pepper), options, cancellationToken));
            }
            catch (Exception ex) when (ex is DirectoryImportRefusedException or InvalidDataException)
            {
                o.Line($"Region {code}: import refused, nothing was written: {ex.Message}");
                if (o.Json)
                {
                    o.WriteJson(new { region = code, status = "refused", reason = ex.Message });
                }

                return 1;
            }

            Report(o, code, report, started.Elapsed);
            return report.Rejected.Count == 0 ? 0 : 1;
        });
        return command;
    }

    private static void Report(CliOutput o, string code, ImportReport report, TimeSpan elapsed)
    {
        if (o.Json)
        {
            o.WriteJson(new
            {
                region = code, status = report.Rejected.Count == 0 ? "imported" : "imported_with_rejections", report.Rows, report.Inserted, report.Updated,
                report.Unchanged, report.Removed, report.LinksRemoved, report.RelationsRemoved, report.Deactivated, report.TokensRevoked,
                seconds = Math.Round(elapsed.TotalSeconds, 3), rejected = report.Rejected, mixedScriptNames = report.MixedScriptNames,
            });
            return;
        }

        if (o.Interactive)
        {
            var table = new Table().Title($"Region {code}").AddColumn("accounts").AddColumn(new TableColumn("count").RightAligned());
            foreach (var (what, count) in new (string, int)[]
            {
                ("rows read", report.Rows), ("inserted", report.Inserted), ("updated", report.Updated), ("unchanged", report.Unchanged),
                ("rejected", report.Rejected.Count), ("removed (R-MATCH-7)", report.Removed), ("links removed (audited)", report.LinksRemoved),
                ("relations removed", report.RelationsRemoved), ("deactivated (R-MATCH-8)", report.Deactivated), ("refresh tokens revoked", report.TokensRevoked),
            })
            {
                table.AddRow(what, count.ToString("N0", CultureInfo.InvariantCulture));
            }

            table.Caption(string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:F1} s, {report.Rows / Math.Max(0.001, elapsed.TotalSeconds):N0} rows/s"));
            o.Terminal.Write(table);
            foreach (var row in report.Rejected)
            {
                o.Terminal.MarkupLineInterpolated($"  [red]rejected[/] line {row.Line}: {row.Reason}");
            }

            foreach (var row in report.MixedScriptNames)
            {
                o.Terminal.MarkupLineInterpolated($"  [yellow]imported[/] line {row.Line} (id {row.AccountId}): the name mixes Cyrillic and Latin letters; correct it in the diary");
            }

            return;
        }

        // plain: stable lines for CI logs and scripts (bench/directory greps the first)
        o.Line($"Region {code}: {report.Inserted} inserted, {report.Updated} updated, {report.Unchanged} unchanged, {report.Rejected.Count} rejected.");
        o.Line($"  removed {report.Removed} accounts, {report.LinksRemoved} links (audited), {report.RelationsRemoved} relations.");
        o.Line($"  deactivated {report.Deactivated} accounts (R-MATCH-8), {report.TokensRevoked} refresh tokens revoked.");
        foreach (var row in report.Rejected)
        {
            o.Line($"  rejected line {row.Line}: {row.Reason}");
        }

        foreach (var row in report.MixedScriptNames) // issue #10 item 8: line and id, never the name
        {
            o.Line($"  imported line {row.Line} (id {row.AccountId}): the name mixes Cyrillic and Latin letters; correct it in the diary");
        }
    }

    private static byte[] Pepper(string value)
    {
        byte[] pepper;
        try
        {
            pepper = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            pepper = [];
        }

        return pepper.Length >= 32
            ? pepper
            : throw new CliUsageException("IdentityBroker:PersonalDataPepper must be base64 of at least 32 bytes (the same value the broker uses).");
    }

    private static double? Share(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1 ? value : null;

    private static string Short(string value) => value.Length <= 20 ? value : value[..20] + "…";
}
