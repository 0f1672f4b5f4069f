using System.Diagnostics;
using System.Runtime.InteropServices;

namespace IdentityBroker.Testing;

/// <summary>
/// A PostgreSQL cluster in a temporary directory, started as TOOLCHAIN.md §5 describes: the newest
/// <c>/usr/lib/postgresql/*/bin</c>, initdb as the <c>postgres</c> user when running as root (initdb refuses root),
/// a free port on 127.0.0.1 only, and durability switched off because the data is thrown away.
/// </summary>
internal sealed partial class ThrowawayCluster
{
    private const string InstallHint = "install the postgresql package: apt-get install -y postgresql";

    private readonly string _binDirectory;
    private readonly string _baseDirectory;
    private readonly bool _asPostgresUser;
    private readonly int _port;
    private bool _durableCommits;
    private int _stopped;

    private ThrowawayCluster(string binDirectory, string baseDirectory, bool asPostgresUser, int port)
    {
        _port = port;
        _binDirectory = binDirectory;
        _baseDirectory = baseDirectory;
        _asPostgresUser = asPostgresUser;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Timeout=15;Command Timeout=60";
    }

    public string ConnectionString { get; }

    private string DataDirectory => Path.Combine(_baseDirectory, "data");

    /// <param name="durableCommits">
    /// synchronous_commit on, so that an acknowledged commit survives an abrupt stop (<see cref="SuspendAsync"/>); off by
    /// default because the data is thrown away. fsync stays off: the kernel keeps what was written when the server dies.
    /// </param>
    public static async Task<ThrowawayCluster> StartAsync(bool durableCommits = false)
    {
        var bin = FindBinDirectory();
        RemoveStaleDirectories();
        var asPostgresUser = IsRoot();
        var baseDirectory = Directory.CreateTempSubdirectory("pgtest.").FullName;
        var port = LoopbackPort.Next();
        var cluster = new ThrowawayCluster(bin, baseDirectory, asPostgresUser, port) { _durableCommits = durableCommits };
        try
        {
            if (asPostgresUser)
            {
                await RunAsync("chown", ["postgres:postgres", baseDirectory], "chown of the cluster directory").ConfigureAwait(false);
            }

            await cluster.RunPostgresToolAsync(
                $"{Quote(Path.Combine(bin, "initdb"))} -D {Quote(cluster.DataDirectory)} -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync -N",
                "initdb").ConfigureAwait(false);
            cluster.StartWatchdog();
            await cluster.ResumeAsync().ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            cluster.Stop();
            throw;
        }
    }

    /// <summary>Starts the server (again) on the same port and data directory.</summary>
    public Task ResumeAsync()
    {
        var options = $"-p {_port} -k {_baseDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit={(_durableCommits ? "on" : "off")} -c full_page_writes=off -c max_connections=300";
        return RunPostgresToolAsync(
            $"{Quote(Path.Combine(_binDirectory, "pg_ctl"))} -D {Quote(DataDirectory)} -l {Quote(Path.Combine(_baseDirectory, "server.log"))} -w -t 30 -o {Quote(options)} start",
            "pg_ctl start");
    }

    /// <summary>Stops the server as a failure would (immediate mode: every connection dropped), keeping the data for <see cref="ResumeAsync"/>.</summary>
    public Task SuspendAsync() =>
        RunPostgresToolAsync($"{Quote(Path.Combine(_binDirectory, "pg_ctl"))} -D {Quote(DataDirectory)} -m immediate -w -t 30 stop", "pg_ctl stop");

    /// <summary>Immediate shutdown (the data is disposable) and removal of the directory, now. Safe to call twice.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            RunDetached(StopJob());
        }
    }

    /// <summary>
    /// The test host may be killed a moment after ProcessExit starts (or crash, or be killed outright), so a detached
    /// shell started now waits for this process to end and then stops the cluster and removes its directory.
    /// </summary>
    private void StartWatchdog() =>
        RunDetached($"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {StopJob()}");

    private string StopJob()
    {
        var pgCtl = $"{Quote(Path.Combine(_binDirectory, "pg_ctl"))} -D {Quote(DataDirectory)} -m immediate -w stop";
        var stop = _asPostgresUser ? $"su postgres -s /bin/sh -c {Quote(pgCtl)}" : pgCtl;
        return $"if [ -f {Quote(Path.Combine(DataDirectory, "postmaster.pid"))} ]; then {stop}; fi; rm -rf {Quote(_baseDirectory)}";
    }

    /// <summary>Runs a shell job in its own session, re-parented to init, so killing this process (tree) does not stop it.</summary>
    private static void RunDetached(string job)
    {
        var detached = $"setsid /bin/sh -c {Quote(job)} </dev/null >/dev/null 2>&1 &";
        try
        {
            using var process = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", detached }, UseShellExecute = false });
            process?.WaitForExit(2_000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // best effort: a leftover directory is removed by a later run (RemoveStaleDirectories)
        }
    }

    /// <summary>Removes cluster directories of earlier runs that were killed before they could clean up.</summary>
    private static void RemoveStaleDirectories()
    {
        foreach (var directory in System.IO.Directory.GetDirectories(Path.GetTempPath(), "pgtest.*"))
        {
            try
            {
                var stale = !File.Exists(Path.Combine(directory, "data", "postmaster.pid"))
                    && System.IO.Directory.GetLastWriteTimeUtc(directory) < DateTime.UtcNow.AddMinutes(-10);
                if (stale)
                {
                    System.IO.Directory.Delete(directory, recursive: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // someone else's, or in use
            }
        }
    }

    private static string FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: Version.TryParse(Path.GetFileName(d).Contains('.', StringComparison.Ordinal) ? Path.GetFileName(d) : Path.GetFileName(d) + ".0", out var v) ? v : null))
                .Where(c => c.Version is not null && File.Exists(Path.Combine(c.Dir, "initdb")) && File.Exists(Path.Combine(c.Dir, "pg_ctl")))
                .OrderByDescending(c => c.Version)
                .ToList()
            : [];
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL server binaries under {root}/*/bin (initdb, pg_ctl): {InstallHint}. " +
                $"Or set {PostgresCluster.ExternalServerVariable} to the connection string of an existing server.");
        }

        return candidates[0].Dir;
    }

    private Task RunPostgresToolAsync(string commandLine, string what) =>
        _asPostgresUser
            ? RunAsync("su", ["postgres", "-s", "/bin/sh", "-c", commandLine], what)
            : RunAsync("/bin/sh", ["-c", commandLine], what);

    private static ProcessStartInfo StartInfo(string commandLine, bool asPostgresUser)
    {
        var info = asPostgresUser
            ? new ProcessStartInfo("su") { ArgumentList = { "postgres", "-s", "/bin/sh", "-c", commandLine } }
            : new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", commandLine } };
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        return info;
    }

    private static async Task RunAsync(string fileName, string[] arguments, string what)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{what}: could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{what} failed with exit code {process.ExitCode}: {(await stderr.ConfigureAwait(false)).Trim()} {(await stdout.ConfigureAwait(false)).Trim()}");
        }
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static bool IsRoot() => OperatingSystem.IsLinux() && NativeMethods.geteuid() == 0;

    private static partial class NativeMethods
    {
        [LibraryImport("libc")]
        internal static partial uint geteuid();
    }
}
