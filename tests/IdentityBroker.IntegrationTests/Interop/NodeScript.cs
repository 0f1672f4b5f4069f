using System.Diagnostics;
using System.Text;
using System.Text.Json;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Interop;

/// <summary>
/// Runs one command of an ES module script in <c>tests/js</c> (<c>node tests/js/SCRIPT COMMAND</c>) with settings in
/// environment variables, one JSON document on stdin and one on stdout (the contract of <c>tests/js/lib/io.mjs</c>).
/// A script reports any library error with exit code 1 and the error as JSON on stderr. A missing node or a missing
/// <c>npm ci</c> is a failure with the fix in the message, never a skip.
/// </summary>
internal sealed class NodeScript(string script, IReadOnlyDictionary<string, string> environment)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static string JsDirectory { get; } = Path.Combine(RepositoryRoot.Path, "tests", "js");

    /// <summary>Runs <paramref name="command"/> and returns its JSON output; fails the test with the script's stderr when it fails.</summary>
    public async Task<JsonElement> RunAsync(string command, object? input = null)
    {
        var result = await TryRunAsync(command, input);
        if (result.ExitCode != 0)
        {
            Assert.Fail($"node {script} {command} failed (exit code {result.ExitCode}):\n{result.Stderr}\nstdout: {result.Stdout}");
        }

        return result.Json;
    }

    /// <summary>Runs <paramref name="command"/> expecting the library to refuse; returns the error the script printed.</summary>
    public async Task<NodeResult> RunExpectingFailureAsync(string command, object? input = null)
    {
        var result = await TryRunAsync(command, input);
        Assert.That(result.ExitCode, Is.Not.EqualTo(0), $"node {script} {command} was expected to fail but printed: {result.Stdout}");
        return result;
    }

    public async Task<NodeResult> TryRunAsync(string command, object? input = null)
    {
        var node = FindNode();
        var scriptPath = Path.Combine(JsDirectory, script);
        Assert.That(File.Exists(scriptPath), Is.True, $"{scriptPath} is missing");
        foreach (var package in new[] { "openid-client", "oauth4webapi", "jose" })
        {
            if (!File.Exists(Path.Combine(JsDirectory, "node_modules", package, "package.json")))
            {
                Assert.Fail($"tests/js/node_modules/{package} is missing: run `npm ci` in tests/js (scripts/test.sh does it before the tests).");
            }
        }

        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = JsDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(scriptPath);
        start.ArgumentList.Add(command);
        start.Environment["NODE_NO_WARNINGS"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + node);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(JsonSerializer.Serialize(input ?? new { }));
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"node {script} {command} did not finish within {Timeout.TotalSeconds} s; stderr so far: {await stderr}");
        }

        var result = new NodeResult(process.ExitCode, (await stdout).Trim(), (await stderr).Trim());
        TestContext.Out.WriteLine($"node {script} {command}: exit {result.ExitCode}{(result.Stderr.Length > 0 ? "\n" + result.Stderr : string.Empty)}");
        return result;
    }

    private static string FindNode()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "node");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail("node (v20 or later) is not on PATH: the interop tests run openid-client and oauth4webapi under node. " +
                    "Install it (apt-get install -y nodejs npm; scripts/test.sh does) and run `npm ci` in tests/js.");
        return null!;
    }
}

internal sealed record NodeResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The JSON document the script printed (its last stdout line).</summary>
    public JsonElement Json => JsonDocument.Parse(Stdout.Split('\n')[^1]).RootElement.Clone();
}

internal static class JsonElementExtensions
{
    public static string? Str(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static JsonElement? Obj(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;
}
