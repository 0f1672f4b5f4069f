using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IdentityBroker.Esia.Signing;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Testing;

namespace IdentityBroker.IntegrationTests.Cli;

/// <summary>
/// The operator verbs as an operator and a pipeline run them (issue #13): the built server run by <c>dotnet</c> as a
/// process, standard output redirected (so plain mode: no colours, no progress bar), exit codes 0 (done), 1 (problems
/// found) and 2 (bad command line), <c>--json</c> for scripts; the import against a real PostgreSQL database.
/// </summary>
[CancelAfter(300_000)]
public sealed class CliProcessTests
{
    private static readonly string ServerDll = Path.Combine(AppContext.BaseDirectory, "IdentityBroker.Server.dll");
    private static readonly string Pepper = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private string _dir = null!;

    [OneTimeSetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ib-cli-").FullName;

    [OneTimeTearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task Help_ListsEveryVerb_AndEveryVerbHasItsOwnHelp()
    {
        var help = await RunAsync(["help"]);
        Assert.That(help.Code, Is.Zero, help.Error);
        string[] verbs = ["migrate", "import-directory", "hash-secret", "esia-dev-credentials", "regions", "config"];
        Assert.That(verbs.All(v => help.Output.Contains(v, StringComparison.Ordinal)), Is.True, help.Output);

        foreach (var verb in new[] { "migrate", "import-directory", "hash-secret", "esia-dev-credentials", "regions init", "config validate" })
        {
            var verbHelp = await RunAsync([.. verb.Split(' '), "--help"]);
            Assert.That(verbHelp.Code, Is.Zero, verb + ": " + verbHelp.Error);
            Assert.That(verbHelp.Output, Does.Contain("Usage:").And.Contain("--json"), verb);
        }
    }

    [Test]
    public async Task UnknownOption_MissingRequired_BadValue_Exit2_NamingTheOptionAndTheFix()
    {
        var unknown = await RunAsync(["import-directory", "--regoin", "38", "--file", "x.jsonl"]);
        Assert.That(unknown.Code, Is.EqualTo(2));
        Assert.That(unknown.Error, Does.Contain("Unknown argument '--regoin'").And.Contain("--region"));
        Assert.That(unknown.Error, Does.Contain("Run 'IdentityBroker.Server import-directory --help'"));

        var missing = await RunAsync(["regions", "init", "--code", "41"]);
        Assert.That(missing.Code, Is.EqualTo(2));
        Assert.That(missing.Error, Does.Contain("'--name' is required").And.Contain("'--out' is required"));

        var badShare = await RunAsync(["import-directory", "--region", "38", "--file", "x.jsonl", "--max-removed-share", "2"]);
        Assert.That((badShare.Code, badShare.Error), Is.EqualTo((2, "error: --max-removed-share must be a number from 0 to 1, e.g. 0.1 (1 forces any removal).\nRun 'IdentityBroker.Server import-directory --help' for usage.\n")));

        var badRegion = await RunAsync(["import-directory", "--region", "Irkutsk", "--file", "x.jsonl"]);
        Assert.That(badRegion.Code, Is.EqualTo(2));
        Assert.That(badRegion.Error, Does.Contain("--region must be the two-digit region code"));
        Assert.That(badRegion.Error + badRegion.Output, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task HashSecret_FromStandardInput_PlainAndJson()
    {
        var expected = Convert.ToBase64String(SHA256.HashData("s3cret+"u8.ToArray()));

        var plain = await RunAsync(["hash-secret"], input: "s3cret+\n");
        var json = await RunAsync(["hash-secret", "--json"], input: "s3cret+\n");

        Assert.That((plain.Code, plain.Output), Is.EqualTo((0, expected + "\n")));
        Assert.That(JsonDocument.Parse(json.Output).RootElement.GetProperty("secretSha256").GetString(), Is.EqualTo(expected));
    }

    [Test]
    public async Task MigrateThenImportDirectory_RealPostgres_PlainLines_Idempotent_RejectionsExit1_Json()
    {
        var connection = await PostgresCluster.CreateDatabaseAsync("cli");
        var env = new Dictionary<string, string> { ["ConnectionStrings__Broker"] = connection, ["IdentityBroker__PersonalDataPepper"] = Pepper };
        var migrate = await RunAsync(["migrate"], env);
        Assert.That(migrate.Code, Is.Zero, migrate.Error + migrate.Output);
        Assert.That(migrate.Output, Does.Contain("Database is up to date."));

        var sample = Path.Combine(RepositoryRoot.Path, "deploy", "dev", "directory-38.jsonl");
        var rows = File.ReadLines(sample).Count(l => l.Trim().Length > 0);
        var first = await RunAsync(["import-directory", "--region", "38", "--file", sample], env);
        Assert.That(first.Code, Is.Zero, first.Error + first.Output);
        Assert.That(first.Output, Does.Contain($"Region 38: {rows} inserted, 0 updated, 0 unchanged, 0 rejected."));
        Assert.That(first.Output, Does.Not.Contain("\u001b["), "plain output when not on a terminal: no ANSI escapes");

        var again = await RunAsync(["import-directory", "--region", "38", "--file", sample], env);
        Assert.That(again.Output, Does.Contain($"Region 38: 0 inserted, 0 updated, {rows} unchanged, 0 rejected."));

        var bad = Path.Combine(_dir, "bad.jsonl");
        await File.WriteAllTextAsync(bad, """{"id":"d38-cli-1","login":"cli.1","lastName":"А","firstName":"Б","roles":["staff"],"activated":true,"snils":"112-233-445 96"}""" + "\nnot json\n");
        var rejected = await RunAsync(["import-directory", "--region", "38", "--file", bad], env);
        Assert.That(rejected.Code, Is.EqualTo(1));
        Assert.That(rejected.Output, Does.Contain("rejected line 1: snils: checksum does not match").And.Contain("rejected line 2: not valid JSON"));

        var json = await RunAsync(["import-directory", "--region", "38", "--file", sample, "--json"], env);
        Assert.That(json.Code, Is.Zero, json.Error);
        var report = JsonDocument.Parse(json.Output).RootElement; // logs go to standard error: the output is one document
        Assert.That((report.GetProperty("status").GetString(), report.GetProperty("unchanged").GetInt32(), report.GetProperty("rows").GetInt32()), Is.EqualTo(("imported", rows, rows)));

        var refused = await RunAsync(["import-directory", "--region", "38", "--file", Path.Combine(_dir, "empty.csv"), "--format", "csv"], env, create: ("empty.csv", "id,login\n"));
        Assert.That(refused.Code, Is.EqualTo(1));
        Assert.That(refused.Output, Does.Contain("import refused, nothing was written: line 1: missing column(s)"));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // checks the key file's Unix mode (0600); the broker and its tests run on Linux
    public async Task RegionsInit_WritesAValidRegion_KeyAndGostCertificateRequest_ConfigValidatePasses_ThenNamesEveryProblem()
    {
        var regions = Path.Combine(_dir, "regions");
        var keys = Path.Combine(regions, "keys", "41");
        var init = await RunAsync(["regions", "init", "--code", "41", "--name", "Камчатский край", "--time-zone", "Asia/Kamchatka",
            "--issuer", "https://id.dnevnik24.example", "--esia-client-id", "DNEVNIK24", "--organization", "ГАУ ЦИТ Красноярского края",
            "--out", regions, "--key-mount", keys, "--self-signed"]);

        Assert.That(init.Code, Is.Zero, init.Error + init.Output);
        Assert.That(GostCertificateRequest.VerifyAndReadSubject(await File.ReadAllTextAsync(Path.Combine(keys, "esia-client.csr.pem"))),
            Does.Contain("O=ГАУ ЦИТ Красноярского края").And.Contain("CN=DNEVNIK24"), "a PKCS#10 request with a valid GOST R 34.10-2012 signature");
        Assert.That(File.GetUnixFileMode(Path.Combine(keys, "esia-client.key.pem")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(regions, "values-region-41.yaml")), Does.Contain("\"existingSecret\":\"identity-broker-esia-41\"").And.Contain("regions:"));

        var again = await RunAsync(["regions", "init", "--code", "41", "--name", "X", "--time-zone", "Asia/Kamchatka", "--issuer", "https://id.example",
            "--esia-client-id", "DNEVNIK24", "--organization", "O", "--out", regions]);
        Assert.That(again.Code, Is.EqualTo(2), "never overwrites without --force");
        Assert.That(again.Error, Does.Contain("--force"));

        var untrusted = await RunAsync(["config", "validate", "--regions", regions, "--regions-only"]);
        Assert.That(untrusted.Code, Is.EqualTo(1), "ESIA's certificates are not there yet");
        Assert.That(untrusted.Output, Does.Contain("esia-trusted.pem' does not exist"));

        File.Copy(Path.Combine(keys, "esia-client.cert.pem"), Path.Combine(keys, "esia-trusted.pem"));
        var valid = await RunAsync(["config", "validate", "--regions", regions, "--regions-only", "--json"]);
        Assert.That(valid.Code, Is.Zero, valid.Output);
        Assert.That(JsonDocument.Parse(valid.Output).RootElement.GetProperty("regions").GetInt32(), Is.EqualTo(1));

        await File.WriteAllTextAsync(Path.Combine(regions, "77.json"), """{ "code": "7", "name": "", "timeZone": "Mars/Olympus", "esia": {}, "clients": [] }""");
        var broken = await RunAsync(["config", "validate", "--regions", regions, "--regions-only"]);
        Assert.That(broken.Code, Is.EqualTo(1));
        Assert.That(broken.Output, Does.Contain("code must be the two-digit").And.Contain("name is required").And.Contain("Mars/Olympus").And.Contain("at least one diary client"),
            "every problem named, not just the first");
    }

    [Test]
    public async Task ConfigValidate_SettingsMissing_Exit1_NamesEachKey()
    {
        var result = await RunAsync(["config", "validate", "--json"], new Dictionary<string, string> { ["IdentityBroker__DirectorySync__MaxBatchRows"] = "lots" });

        Assert.That(result.Code, Is.EqualTo(1));
        var problems = JsonDocument.Parse(result.Output).RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.That(problems, Has.Some.Contains("ConnectionStrings:Broker is required"));
        Assert.That(problems, Has.Some.Contains("IdentityBroker:PersonalDataPepper"));
        Assert.That(problems, Has.Some.Match("'IdentityBroker:DirectorySync:MaxBatchRows'.*a whole number"), "a value that is no number: the key and the format");
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(
        string[] args, Dictionary<string, string>? env = null, string? input = null, (string Name, string Content)? create = null)
    {
        if (create is { } file)
        {
            await File.WriteAllTextAsync(Path.Combine(_dir, file.Name), file.Content);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = _dir,
        };
        start.ArgumentList.Add(ServerDll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // a clean configuration: nothing inherited from a developer's shell, quiet logs
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("IdentityBroker__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (k, v) in env ?? [])
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await output).Replace("\r\n", "\n", StringComparison.Ordinal), (await error).Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
