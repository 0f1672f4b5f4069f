using System.Diagnostics;
using System.Text;

namespace IdentityBroker.IntegrationTests.Infrastructure;

/// <summary>
/// A broker replica of the slice run as a separate operating-system process (the built <c>IdentityBroker.Server.dll</c>,
/// configured by environment variables with the slice's replica configuration), so a test can kill it the way an
/// operator's <c>kill -9</c> or the OOM killer does: <see cref="KillAsync"/> sends SIGKILL, no finally block, no
/// disposal, no rollback runs in the broker.
/// </summary>
internal sealed class BrokerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BrokerProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public int Id => _process.Id;

    /// <summary>What the process wrote (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="overrides">Configuration keys that replace the slice's (e.g. another regions directory).</param>
    public static async Task<BrokerProcess> StartAsync(SliceEnvironment slice, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var management = $"http://127.0.0.1:{FreePort.Next()}"; // health and admin APIs answer only on the management port
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "IdentityBroker.Server.dll"));
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in slice.BrokerConfiguration.Concat(overrides ?? new Dictionary<string, string?>()))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["IdentityBroker__ManagementPort"] = new Uri(management).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the broker process");
        var broker = new BrokerProcess(process, url);
        process.OutputDataReceived += (_, e) => broker.Append(e.Data);
        process.ErrorDataReceived += (_, e) => broker.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                process.WaitForExit(); // drains the redirected output
                throw new BrokerExitedException(process.ExitCode, broker.Output);
            }

            try
            {
                using var ready = await http.GetAsync(management + "/health/ready");
                if (ready.IsSuccessStatusCode)
                {
                    return broker;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // not answering yet
            }

            await Task.Delay(200);
        }

        await broker.DisposeAsync();
        throw new TimeoutException("the broker process did not become ready in 60 s: " + broker.Output);
    }

    /// <summary>SIGKILL, then waits for the process to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}

/// <summary>The broker process ended on its own during start-up (a configuration error: exit code 2 and the message).</summary>
internal sealed class BrokerExitedException(int exitCode, string output)
    : Exception($"the broker process exited with {exitCode}: {output}")
{
    public int ExitCode { get; } = exitCode;

    public string Output { get; } = output;
}
