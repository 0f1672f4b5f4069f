using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IdentityBroker.EsiaEmulator;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.IntegrationTests.Chart;

/// <summary>
/// The Helm chart's rendered configuration boots the real, published broker (issue #9 item 4). The example of region 38
/// is rendered with only its endpoints moved to loopback (tests/chart/render-for-boot.mjs); then, as a pod would see it:
/// every ConfigMap volume is written to its mountPath, every Secret volume gets generated development secrets under the
/// key names and item paths the chart mounts (standing in for the existing Secrets), emptyDirs are created, and the
/// container's env is taken verbatim. All of it lives under a temporary root folder, so absolute mount paths in env and in
/// the region file are prefixed with that root, the key-per-file folder is named by IdentityBroker:SecretsDirectory, and
/// the pod's ports are remapped to free loopback ports (a pod has its own network namespace; this machine does not).
/// The published broker (dotnet publish output, the image's /app) then runs the Job's command (`migrate`), an operator's
/// `import-directory`, and the Deployment's container; the readiness probe path must answer on the management port;
/// a person signs in through the ESIA emulator with the example's confidential client, and the code and a refresh token
/// are redeemed. A chart whose configuration the broker cannot read fails here.
/// </summary>
[CancelAfter(240_000)]
[NonParallelizable]
public sealed class RenderedChartBootsBrokerTests
{
    private const string ClientSecret = "chart-boot-client-secret-0123456789";
    private readonly List<Process> _processes = [];
    private readonly StringBuilder _brokerOutput = new();
    private string _root = null!;
    private WebApplication? _emulator;

    [TearDown]
    public async Task StopAsync()
    {
        foreach (var p in _processes)
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
            }

            p.Dispose();
        }

        if (_emulator is not null)
        {
            await _emulator.StopAsync();
            await _emulator.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    [Test]
    public async Task Region38Example_MigrateJobThenDeployment_SignInAndRefresh()
    {
        _root = Path.Combine(Path.GetTempPath(), "ib-chart-boot-" + Guid.NewGuid().ToString("N")[..8]);
        var credentials = TestCredentials.WriteTo(Path.Combine(_root, "generated"));
        var brokerPort = FreePort.Next();
        var managementPort = FreePort.Next();
        var brokerUrl = $"http://127.0.0.1:{brokerPort}";
        var emulatorUrl = $"http://127.0.0.1:{FreePort.Next()}";
        await StartEmulatorAsync(emulatorUrl, brokerUrl, credentials);

        var objects = await RenderAsync(brokerUrl, emulatorUrl);
        var deployment = Single(objects, "Deployment", "broker");
        var job = Single(objects, "Job", "migrate");
        var configMaps = objects.Where(o => (string?)o["kind"] == "ConfigMap").ToDictionary(o => (string)o["metadata"]!["name"]!, o => o["data"]!.AsObject());
        var secrets = new GeneratedSecrets(await PostgresCluster.CreateDatabaseAsync("chart-boot"), credentials);

        var jobPod = LayOut(job, configMaps, secrets, "job");
        var pod = LayOut(deployment, configMaps, secrets, "broker");
        pod.Env.Remove("ASPNETCORE_HTTP_PORTS");
        pod.Env["ASPNETCORE_URLS"] = brokerUrl;
        Assert.That(pod.Env["IdentityBroker__ManagementPort"], Is.EqualTo(pod.Ports["management"].ToString(System.Globalization.CultureInfo.InvariantCulture)), "the chart wires the management port to the container port");
        pod.Env["IdentityBroker__ManagementPort"] = managementPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(pod.Env["IdentityBroker__Issuer"], Is.EqualTo(brokerUrl));

        var published = await PublishedBrokerAsync();
        var (migrateCode, migrateOutput) = await RunToEndAsync(published, jobPod.Args, jobPod.Env);
        Assert.That(migrateCode, Is.EqualTo(0), "the hook Job's `migrate` failed:\n" + migrateOutput);
        // as docs/operations.md tells operators (kubectl exec -i … --file /dev/stdin < accounts.jsonl): no tar or shell in the image
        var (importCode, importOutput) = await RunToEndAsync(published,
            ["import-directory", "--region", "38", "--format", "jsonl", "--file", "/dev/stdin"], pod.Env,
            stdin: await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "deploy", "dev", "directory-38.jsonl")));
        Assert.That(importCode, Is.EqualTo(0), "import-directory with the Deployment's environment failed:\n" + importOutput);

        var broker = Start(published, pod.Args, pod.Env);
        var managementUrl = $"http://127.0.0.1:{managementPort}";
        await WaitReadyAsync(broker, managementUrl + pod.ReadinessPath);

        using var http = new HttpClient();
        using (var publicHealth = await http.GetAsync(brokerUrl + pod.ReadinessPath))
        {
            Assert.That(publicHealth.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "health is on the management port only");
        }

        var (code, verifier, redirectUri) = await SignInAsync(brokerUrl);
        var tokens = await TokenAsync(http, brokerUrl, new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri, ["code_verifier"] = verifier });
        Assert.That(tokens.GetProperty("id_token").GetString(), Is.Not.Empty);
        var refreshed = await TokenAsync(http, brokerUrl, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()! });
        Assert.That(refreshed.GetProperty("access_token").GetString(), Is.Not.Empty.And.Not.EqualTo(tokens.GetProperty("access_token").GetString()));

        // the metric names docs/operations.md's alerts use, as Prometheus scrapes them from the management port
        var metrics = await http.GetStringAsync(managementUrl + "/metrics");
        Assert.That(metrics, Does.Contain("identity_broker_sign_in_outcomes_total{").And.Contain("identity_broker_token_grants_total{")
            .And.Contain("identity_broker_token_grant_duration_seconds_bucket{").And.Contain("identity_broker_esia_request_duration_seconds_bucket{"));
    }

    private async Task StartEmulatorAsync(string emulatorUrl, string brokerUrl, TestCredentials credentials)
    {
        _emulator = EmulatorApp.Create([], b =>
        {
            b.WebHost.UseUrls(emulatorUrl);
            b.Logging.ClearProviders();
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Emulator:Issuer"] = emulatorUrl + "/",
                ["Emulator:SigningKeyPath"] = credentials.EsiaSigningKeyPath,
                ["Emulator:SigningCertificatePath"] = credentials.EsiaSigningCertificatePath,
                ["Emulator:Clients:0:ClientId"] = "DNEVNIK38",
                ["Emulator:Clients:0:CertificatePath"] = credentials.GostCertificatePath,
                ["Emulator:Clients:0:RedirectUris:0"] = brokerUrl + "/",
                ["Emulator:Clients:0:SystemName"] = "Электронный дневник — Иркутская область",
            });
        });
        await _emulator.StartAsync();
    }

    private async Task<List<JsonNode>> RenderAsync(string brokerUrl, string emulatorUrl)
    {
        var output = Path.Combine(_root, "rendered.json");
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(ClientSecret)));
        var (code, log) = await RunToEndAsync("node",
            [Path.Combine(RepositoryRoot.Path, "tests", "chart", "render-for-boot.mjs"), "--values", Path.Combine(RepositoryRoot.Path, "helm", "identity-broker", "examples", "region-38.yaml"),
             "--broker-url", brokerUrl, "--emulator-url", emulatorUrl, "--client-secret-sha256", hash, "--webhook-url", "http://127.0.0.1:9/webhooks/38", "--out", output],
            environment: null);
        Assert.That(code, Is.EqualTo(0), "rendering the chart failed:\n" + log);
        return JsonNode.Parse(await File.ReadAllTextAsync(output))!.AsArray().Select(n => n!).ToList();
    }

    private static JsonNode Single(List<JsonNode> objects, string kind, string component) =>
        objects.Single(o => (string?)o["kind"] == kind && (string?)o["metadata"]!["labels"]!["app.kubernetes.io/component"] == component);

    /// <summary>Writes the pod's volumes under the root folder and returns its env (paths re-rooted), args, ports and probe.</summary>
    private PodView LayOut(JsonNode workload, Dictionary<string, JsonObject> configMaps, GeneratedSecrets secrets, string podName)
    {
        var spec = workload["spec"]!["template"]!["spec"]!;
        var container = spec["containers"]!.AsArray()[0]!;
        var podRoot = Path.Combine(_root, podName);
        var volumes = spec["volumes"]!.AsArray().ToDictionary(v => (string)v!["name"]!, v => v!);
        var mounts = container["volumeMounts"]!.AsArray().Select(m => ((string)m!["name"]!, (string)m["mountPath"]!)).ToList();
        // one left-to-right pass, longest mount first: /var/run/secrets/identity-broker is a prefix of the ESIA mounts
        var mountPattern = new System.Text.RegularExpressions.Regex(
            "(?<=^|[\"\\s=,;])(" + string.Join("|", mounts.Select(m => m.Item2).OrderByDescending(p => p.Length).Select(System.Text.RegularExpressions.Regex.Escape)) + ")(?=/|\"|$|[\\s,;])");
        string Reroot(string value) => mountPattern.Replace(value, m => podRoot + m.Value);

        foreach (var (name, mountPath) in mounts)
        {
            var target = podRoot + mountPath;
            Directory.CreateDirectory(target);
            var volume = volumes[name];
            if (volume["configMap"] is { } cm)
            {
                foreach (var (key, value) in configMaps[(string)cm["name"]!])
                {
                    File.WriteAllText(Path.Combine(target, key), Reroot((string)value!));
                }
            }
            else if (volume["secret"] is { } secret)
            {
                var secretName = (string)secret["secretName"]!;
                var items = secret["items"]?.AsArray().Select(i => ((string)i!["key"]!, (string)i["path"]!)).ToList();
                foreach (var (file, content) in secrets.For(secretName, items, mountPath, configMaps.Values))
                {
                    File.WriteAllText(Path.Combine(target, file), content);
                }
            }
            else
            {
                Assert.That(volume["emptyDir"], Is.Not.Null, $"volume {name}: only configMap, secret and emptyDir volumes are expected");
            }
        }

        var env = new Dictionary<string, string?>();
        foreach (var e in container["env"]!.AsArray())
        {
            Assert.That(e!["valueFrom"], Is.Null, $"env {e["name"]}: the chart passes secrets as files, never valueFrom");
            env[(string)e["name"]!] = Reroot((string?)e["value"] ?? string.Empty);
        }

        env[Server.Hosting.HostingExtensions.SecretsDirectoryKey.Replace(":", "__", StringComparison.Ordinal)] = podRoot + Server.Hosting.HostingExtensions.DefaultSecretsDirectory;
        Assert.That(mounts.Select(m => m.Item2), Does.Contain(Server.Hosting.HostingExtensions.DefaultSecretsDirectory), "the broker's Secret is mounted where it reads key-per-file");
        var args = container["args"]?.AsArray().Select(a => (string)a!).ToList() ?? [];
        var ports = container["ports"]?.AsArray().ToDictionary(p => (string)p!["name"]!, p => (int)p!["containerPort"]!) ?? [];
        var readiness = (string?)container["readinessProbe"]?["httpGet"]?["path"];
        return new PodView(env, args, ports, readiness ?? string.Empty);
    }

    private static async Task<string> PublishedBrokerAsync()
    {
        var fromScript = Environment.GetEnvironmentVariable("IB_PUBLISHED_BROKER"); // scripts/test.sh publishes once
        var dir = !string.IsNullOrEmpty(fromScript) ? fromScript : Path.Combine(RepositoryRoot.Path, "artifacts", "publish", "broker");
        var dll = Path.Combine(dir, "IdentityBroker.Server.dll");
        if (string.IsNullOrEmpty(fromScript))
        {
            var (code, log) = await RunToEndAsync("dotnet",
                ["publish", Path.Combine(RepositoryRoot.Path, "src", "IdentityBroker.Server", "IdentityBroker.Server.csproj"), "-c", "Release", "--no-build", "-o", dir], environment: null);
            Assert.That(code, Is.EqualTo(0), "dotnet publish failed:\n" + log);
        }

        Assert.That(File.Exists(dll), Is.True, "no published broker at " + dir);
        return dll;
    }

    private Process Start(string dll, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> env)
    {
        var process = new Process { StartInfo = Info("dotnet", [dll, .. args], env) };
        process.OutputDataReceived += (_, e) => { lock (_brokerOutput) { _brokerOutput.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (_brokerOutput) { _brokerOutput.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    private static async Task<(int Code, string Output)> RunToEndAsync(string fileOrDll, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment, string? stdin = null)
    {
        var isDll = fileOrDll.EndsWith(".dll", StringComparison.Ordinal);
        using var process = new Process { StartInfo = Info(isDll ? "dotnet" : fileOrDll, isDll ? [fileOrDll, .. args] : args, environment) };
        process.StartInfo.RedirectStandardInput = stdin is not null;
        process.Start();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Only the pod's environment (plus what finds the dotnet host), nothing inherited from the test run.</summary>
    private static ProcessStartInfo Info(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        if (environment is not null)
        {
            var keep = new[] { "PATH", "DOTNET_ROOT" }.ToDictionary(k => k, Environment.GetEnvironmentVariable);
            info.Environment.Clear();
            foreach (var (k, v) in keep.Where(kv => kv.Value is not null))
            {
                info.Environment[k] = v;
            }

            foreach (var (k, v) in environment)
            {
                info.Environment[k] = v;
            }
        }

        return info;
    }

    private async Task WaitReadyAsync(Process broker, string readyUrl)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (broker.HasExited)
            {
                Assert.Fail($"the broker exited with code {broker.ExitCode} before it was ready:\n{Output()}");
            }

            try
            {
                using var response = await http.GetAsync(readyUrl);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        Assert.Fail($"{readyUrl} did not answer 200 within 90 s:\n{Output()}");
    }

    private string Output()
    {
        lock (_brokerOutput)
        {
            return _brokerOutput.ToString();
        }
    }

    /// <summary>The example's confidential client (diary-38-web); the browser stops before leaving loopback for its redirect URI.</summary>
    private static async Task<(string Code, string Verifier, string RedirectUri)> SignInAsync(string brokerUrl)
    {
        const string redirectUri = "https://dnevnik38.ru/signin-oidc";
        var verifier = ProtocolHashes.NewPkceVerifier();
        var url = QueryHelpers.AddQueryString(brokerUrl + "/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = "diary-38-web", ["redirect_uri"] = redirectUri, ["response_type"] = "code", ["scope"] = "openid profile diary offline_access",
            ["state"] = "s1", ["nonce"] = "n1", ["code_challenge"] = ProtocolHashes.PkceChallenge(verifier), ["code_challenge_method"] = "S256",
        });
        using var browser = new BrowserClient { StopBefore = u => !u.IsLoopback };
        var page = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(url), "confirmed-adult");
        Assert.That(page.Url.ToString(), Does.StartWith(redirectUri), "expected the redirect to the diary, got " + page.Url + "\n" + page.Body);
        var answer = QueryHelpers.ParseQuery(page.Url.Query);
        Assert.That(answer.ContainsKey("code"), Is.True, page.Url.ToString());
        return (answer["code"].ToString(), verifier, redirectUri);
    }

    private static async Task<JsonElement> TokenAsync(HttpClient http, string brokerUrl, Dictionary<string, string> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, brokerUrl + "/connect/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("diary-38-web:" + ClientSecret)));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), form["grant_type"] + ": " + body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private sealed record PodView(Dictionary<string, string?> Env, List<string> Args, Dictionary<string, int> Ports, string ReadinessPath);

    /// <summary>Development secrets standing in for the existing Secrets, by what the chart mounts them as.</summary>
    private sealed class GeneratedSecrets(string connectionString, TestCredentials credentials)
    {
        private readonly string _pepper = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        private readonly string _kek = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        public IEnumerable<(string File, string Content)> For(string secretName, List<(string Key, string Path)>? items, string mountPath, IEnumerable<JsonObject> configMaps)
        {
            if (items is not null && items.Any(i => i.Path == "ConnectionStrings__Broker"))
            {
                foreach (var (_, path) in items)
                {
                    yield return (path, path switch
                    {
                        "ConnectionStrings__Broker" => connectionString,
                        "IdentityBroker__PersonalDataPepper" => _pepper,
                        "IdentityBroker__SigningKeyEncryptionKey" => _kek,
                        _ => throw new AssertionException($"Secret {secretName}: unexpected item path {path}"),
                    } + "\n");
                }

                yield break;
            }

            // ESIA and webhook Secrets: the keys are the files the region file names under this mount path.
            var region = configMaps.SelectMany(cm => cm.Where(kv => kv.Key.EndsWith(".json", StringComparison.Ordinal) && kv.Key != "shared-clients.json"))
                .Select(kv => JsonNode.Parse((string)kv.Value!, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!).ToList();
            foreach (var r in region)
            {
                var signer = r["esia"]!["signer"]!;
                var candidates = new List<(string? Path, string Content)>
                {
                    ((string?)signer["keyPath"], File.ReadAllText(credentials.GostKeyPath)),
                    ((string?)signer["certificatePath"], File.ReadAllText(credentials.GostCertificatePath)),
                    ((string?)r["notifications"]?["secretFile"], "chart-boot-webhook-secret-0123456789abcdef\n"),
                };
                candidates.AddRange(r["esia"]!["trustedCertificates"]!.AsArray().Select(t => ((string?)t, File.ReadAllText(credentials.EsiaSigningCertificatePath))));
                foreach (var (path, content) in candidates.Where(c => c.Path is not null && c.Path.StartsWith(mountPath + "/", StringComparison.Ordinal)))
                {
                    yield return (path![(mountPath.Length + 1)..], content);
                }
            }
        }
    }
}
