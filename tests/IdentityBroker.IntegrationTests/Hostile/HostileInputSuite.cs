using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Server.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityBroker.IntegrationTests.Hostile;

/// <summary>
/// Issue #10 "How to prove it": every route the broker registers (read from its <see cref="EndpointDataSource"/>, so a new
/// endpoint is covered without touching this file) gets the generated malformed requests of <see cref="HostileRequests"/>.
/// Asserted for every answer: never a 5xx; never a stack trace or exception text; an RFC 6749 JSON error at the machine
/// endpoints (Hosting/ErrorAnswer.cs) and an HTML page elsewhere; and storage per request stays bounded (the pending and
/// audit tables grow by at most a few kilobytes per request, no row over 16 KB). Runs in Production and in Development
/// (where ASP.NET would show its developer exception page), see the two fixtures below.
/// </summary>
public abstract partial class HostileInputSuite
{
    private const int MaxRowBytes = 16 * 1024;
    private const int MaxGrowthPerRequest = 8 * 1024;
    private static readonly string[] Tables =
    [
        "pending_sign_ins", "pushed_authorization_requests", "audit_records", "replay_entries", "link_attempts", "outbox_messages",
        "revoked_access_tokens", "consent_requests", "authorization_codes", "refresh_tokens", "broker_sessions", "directory_sync_batches",
    ];

    private SliceEnvironment _slice = null!;

    protected abstract string? Environment { get; }

    [OneTimeSetUp]
    public async Task StartAsync() => _slice = await SliceEnvironment.StartAsync(
        brokerSettings: new Dictionary<string, string?> { ["IdentityBroker:RateLimits:Enabled"] = "false" }, brokerEnvironment: Environment);

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_slice is not null)
        {
            await _slice.DisposeAsync();
        }
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task Hostile_EveryRoute_NeverA5xxNorStackTrace_JsonAtProtocolEndpoints_StorageBounded()
    {
        var seed = int.TryParse(System.Environment.GetEnvironmentVariable("HOSTILE_SEED"), out var s) ? s : 20261202;
        var routes = Routes();
        Assert.That(routes.Select(r => r.Path), Is.SupersetOf(new[] { "/connect/token", "/connect/authorize", "/connect/userinfo", "/connect/par", "/admin/diagnostics/attempts", "/account" }),
            "the routes come from the endpoint registrations");
        Assert.That(routes.Where(r => r.Management).Select(r => r.Path), Is.SupersetOf(new[] { "/health/ready", "/admin/diagnostics/attempts" }).And.Some.StartsWith("/admin/directory/"),
            "the management port's routes (staff, directory sync, admin read APIs) are attacked on the management port");

        var cases = new List<(string Route, string Case, Func<HttpRequestMessage> Build)>();
        // management endpoints (health, metrics, /admin) answer only on the management port: they are attacked there
        var random = new Random(seed);
        var publicGenerator = new HostileRequests(random, _slice.BrokerUrl);
        var managementGenerator = new HostileRequests(random, _slice.ManagementUrl);
        foreach (var (path, methods, management) in routes)
        {
            var generator = management ? managementGenerator : publicGenerator;
            cases.AddRange(generator.For(path, methods).Select(c => (path, c.Case, c.Build)));
        }

        var before = await StorageAsync();
        var failures = new ConcurrentBag<string>();
        var stopwatch = Stopwatch.StartNew();
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (c, ct) =>
        {
            using var request = c.Build();
            request.Headers.ConnectionClose = true; // one connection per request: a refused body closes its connection, no victim follows on it
            try
            {
                using var response = await http.SendAsync(request, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                if (Check(c.Route, response, body) is { } problem)
                {
                    failures.Add($"{request.Method} {c.Route} [{c.Case}] → {(int)response.StatusCode}: {problem}\n    {Shorten(body)}");
                }
            }
            catch (HttpRequestException) when (c.Case.Contains("over the limit", StringComparison.Ordinal))
            {
                // refused while the client was still sending the body: the server answered 413 and closed; nothing else to see
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"{request.Method} {c.Route} [{c.Case}] → no answer: {ex.Message} {ex.InnerException?.GetType().Name}: {ex.InnerException?.Message}");
            }
        });
        var after = await StorageAsync();
        TestContext.Out.WriteLine($"{cases.Count} hostile requests over {routes.Count} routes in {stopwatch.Elapsed.TotalSeconds:F1} s (seed {seed}, environment {Environment ?? "Production"})");

        Assert.That(failures, Is.Empty, $"seed {seed}; {failures.Count} bad answers:\n" + string.Join("\n", failures.Take(25)));
        foreach (var table in Tables)
        {
            Assert.That(after[table].MaxRow, Is.LessThanOrEqualTo(MaxRowBytes), $"{table}: largest row");
            Assert.That(after[table].Bytes - before[table].Bytes, Is.LessThanOrEqualTo((long)MaxGrowthPerRequest * cases.Count), $"{table}: growth");
        }
    }

    [Test]
    public async Task Hostile_AuthorizeWithEveryParameterAtItsLimit_StoresABoundedPendingSignIn_OneOverIsRefusedAndStoresNothing()
    {
        var client = new OidcTestClient(_slice, SliceEnvironment.PublicClientId, "http://127.0.0.1/callback");
        var atLimit = new Dictionary<string, string?>
        {
            ["state"] = new string('s', 2048), ["nonce"] = new string('n', 512), ["login_hint"] = new string('l', 256), ["ui_locales"] = new string('u', 128),
        };
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        var before = await StorageAsync();

        using var accepted = await http.GetAsync(client.AuthorizeUrl(atLimit));
        var afterAccepted = await StorageAsync();
        atLimit["state"] = new string('s', 2049);
        using var refused = await http.GetAsync(client.AuthorizeUrl(atLimit));
        var afterRefused = await StorageAsync();

        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "on to ESIA");
        Assert.That(afterAccepted["pending_sign_ins"].Rows, Is.EqualTo(before["pending_sign_ins"].Rows + 1));
        Assert.That(afterAccepted["pending_sign_ins"].MaxRow, Is.LessThanOrEqualTo(MaxRowBytes));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("state is longer than 2048"));
        Assert.That(refused.Headers.Location, Is.Null, "never reflected back");
        Assert.That(afterRefused["pending_sign_ins"].Rows, Is.EqualTo(afterAccepted["pending_sign_ins"].Rows), "nothing stored");
    }

    /// <summary>Null if the answer is acceptable, else what is wrong with it.</summary>
    private static string? Check(string route, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return "a 5xx";
        }

        // a successful scrape names the instrumented libraries (otel_scope_name="Microsoft.AspNetCore.Hosting"): data, not a leak
        var isScrape = route == "/metrics" && status == 200;
        if (!isScrape && LeakPattern().IsMatch(body))
        {
            return "exception text or a stack trace in the body";
        }

        if (status < 400)
        {
            return null;
        }

        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (ErrorAnswer.WantsJson(new PathString(route)))
        {
            if (status == 401 && body.Length == 0 && response.Headers.WwwAuthenticate.Count > 0)
            {
                return null; // RFC 6750 §3: a bearer challenge
            }

            if (contentType != "application/json")
            {
                return $"expected a JSON error, got {contentType ?? "no content type"}";
            }

            try
            {
                using var json = JsonDocument.Parse(body);
                return json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? null : "JSON without an error member";
            }
            catch (JsonException)
            {
                return "invalid JSON";
            }
        }

        return contentType == "text/html" ? null : $"expected an HTML page, got {contentType ?? "no content type"}";
    }

    private List<(string Path, IReadOnlyCollection<string> Methods, bool Management)> Routes()
    {
        var endpoints = _slice.BrokerServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        return endpoints
            .Select(e => (Path: RouteParameter().Replace(e.RoutePattern.RawText ?? "/", "hostile"),
                Methods: (IReadOnlyCollection<string>)(e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToArray() ?? ["GET", "POST"]),
                Management: ManagementEndpoints.IsManagementEndpoint(e)))
            .Select(r => (Path: r.Path.StartsWith('/') ? r.Path : "/" + r.Path, r.Methods, r.Management))
            .GroupBy(r => (r.Path, r.Management))
            .Select(g => (g.Key.Path, (IReadOnlyCollection<string>)g.SelectMany(r => r.Methods).Distinct().ToArray(), g.Key.Management))
            .OrderBy(r => r.Item1, StringComparer.Ordinal)
            .ToList();
    }

    private async Task<Dictionary<string, (long Rows, long Bytes, long MaxRow)>> StorageAsync()
    {
        var result = new Dictionary<string, (long, long, long)>();
        await using var connection = new Npgsql.NpgsqlConnection(_slice.ConnectionString);
        await connection.OpenAsync();
        foreach (var table in Tables)
        {
            await using var command = new Npgsql.NpgsqlCommand(
                $"SELECT count(*), coalesce(sum(pg_column_size(t.*)), 0)::bigint, coalesce(max(pg_column_size(t.*)), 0)::bigint FROM broker.{table} t", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            result[table] = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }

        return result;
    }

    private static string Shorten(string body) => body.Length <= 300 ? body : body[..300] + "…";

    [GeneratedRegex(@"Exception|StackTrace|\bat [A-Z][\w.`]+\.[\w<>`]+\(|Npgsql|Microsoft\.AspNetCore\.|System\.[A-Z]")]
    private static partial Regex LeakPattern();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}

[CancelAfter(300_000)]
public sealed class HostileInputProductionTests : HostileInputSuite
{
    protected override string? Environment => null; // Production, the default
}

[CancelAfter(300_000)]
public sealed class HostileInputDevelopmentTests : HostileInputSuite
{
    protected override string? Environment => "Development"; // what scripts/run.sh starts: the developer exception page must never show
}
