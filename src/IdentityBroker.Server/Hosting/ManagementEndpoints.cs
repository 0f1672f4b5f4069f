using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace IdentityBroker.Server.Hosting;

/// <summary>
/// THE management port: the ONE place where health, metrics and staff/admin APIs are mapped. Kestrel listens on a second
/// port (<c>IdentityBroker:ManagementPort</c>, default 8081) next to the public one; endpoints mapped into the group of
/// <see cref="MapManagement"/> answer only there, and every other endpoint answers only on the public port(s). Anything
/// else is a plain 404, so neither port reveals what the other serves. The Ingress exposes only the public port; probes,
/// Prometheus and staff tools reach the management port inside the cluster (NetworkPolicy: the monitoring namespace).
/// <para>
/// To add an admin endpoint: map it on the group inside <see cref="MapManagement"/> (e.g. <c>Admin.XyzEndpoint.Map(group)</c>),
/// not on <c>app</c> in BrokerApp — mapped on <c>app</c> it would be public.
/// </para>
/// The separation is by the connection's local port (not the Host header, which the caller chooses).
/// </summary>
internal static class ManagementEndpoints
{
    public const string PortKey = "IdentityBroker:ManagementPort";

    public const int DefaultPort = 8081;

    /// <summary>Adds the management listener to the public URLs. Call after the caller's own configuration (UseUrls).</summary>
    public static void AddListener(WebApplicationBuilder builder)
    {
        var port = ReadPort(builder.Configuration);
        var publicUrls = PublicUrls(builder);
        var clash = publicUrls.FirstOrDefault(u => PortOf(u) == port);
        if (clash is not null)
        {
            throw new OptionsValidationException(PortKey, typeof(int), [
                $"{PortKey} ({port}) is also the public port ({clash}); the management port must be separate so the Ingress never exposes it. Fix: set {PortKey} to another free port (default {DefaultPort}) or move the public port (ASPNETCORE_HTTP_PORTS / ASPNETCORE_URLS).",
            ]);
        }

        var host = HostOf(publicUrls[0]);
        builder.WebHost.UseUrls([.. publicUrls, $"http://{host}:{port}"]);
        builder.Services.AddSingleton(new ManagementPort(port));
    }

    /// <summary>
    /// Maps the management endpoints. Health: <c>/health/live</c> (process up) and <c>/health/ready</c> (PostgreSQL
    /// reachable, schema current). Metrics: <c>/metrics</c> (Prometheus text). Staff API: <c>/admin/...</c>.
    /// </summary>
    public static RouteGroupBuilder MapManagement(WebApplication app)
    {
        var group = app.MapGroup(string.Empty).WithMetadata(ManagementOnly.Instance);

        group.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        group.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        group.MapPrometheusScrapingEndpoint("/metrics")
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head])); // the exporter maps every method; a scrape is a GET

        // Staff and admin APIs (docs/diagnostics.md). Add further admin endpoints here.
        Admin.DiagnosticsAttemptsEndpoint.Map(group); // R-ERR-1
        Admin.DirectorySync.DirectorySyncEndpoints.Map(group); // issue #13: directory sync API for diary back-ends
        Admin.AdminRead.AdminReadEndpoints.Map(group); // issue #13: admin read API (regions, clients, keys, outbox)
        return group;
    }

    /// <summary>
    /// 404 for a management endpoint on a public port and for anything else on the management port. Runs after routing
    /// (WebApplication routes first), before the rest of the pipeline (rate limiting, authentication).
    /// </summary>
    public static void UsePortSeparation(WebApplication app)
    {
        var port = app.Services.GetRequiredService<ManagementPort>().Port;
        app.Use((context, next) =>
        {
            var onManagementPort = context.Connection.LocalPort == port;
            var isManagementEndpoint = context.GetEndpoint()?.Metadata.GetMetadata<ManagementOnly>() is not null;
            if (onManagementPort != isManagementEndpoint)
            {
                context.SetEndpoint(null);
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
    }

    private static int ReadPort(ConfigurationManager configuration)
    {
        var raw = configuration[PortKey];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return DefaultPort;
        }

        if (!int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new OptionsValidationException(PortKey, typeof(int), [
                $"{PortKey} must be a TCP port number 1-65535 (was '{raw}'). Fix: set it to a free port such as {DefaultPort}, or remove it for the default.",
            ]);
        }

        return port;
    }

    /// <summary>The public URLs as Kestrel would take them: urls, else http(s)_ports, else its default.</summary>
    private static string[] PublicUrls(WebApplicationBuilder builder)
    {
        var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
        if (!string.IsNullOrWhiteSpace(urls))
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var ports = Ports(builder.WebHost.GetSetting(WebHostDefaults.HttpPortsKey)).Select(p => $"http://+:{p}")
            .Concat(Ports(builder.WebHost.GetSetting(WebHostDefaults.HttpsPortsKey)).Select(p => $"https://+:{p}")).ToArray();
        return ports.Length > 0 ? ports : ["http://localhost:5000"];
    }

    private static string[] Ports(string? list) =>
        (list ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string HostOf(string url)
    {
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var end = rest.StartsWith('[') ? rest.IndexOf(']', StringComparison.Ordinal) + 1 : rest.IndexOfAny([':', '/']);
        return end <= 0 ? rest : rest[..end];
    }

    private static int? PortOf(string url)
    {
        var host = HostOf(url);
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3 + host.Length)..];
        if (rest.StartsWith(':') && int.TryParse(rest[1..].Split('/')[0], System.Globalization.CultureInfo.InvariantCulture, out var p))
        {
            return p;
        }

        return url.StartsWith("https", StringComparison.OrdinalIgnoreCase) ? 443 : 80;
    }

    /// <summary>Whether <paramref name="endpoint"/> answers only on the management port (tests walk both ports with it).</summary>
    public static bool IsManagementEndpoint(Endpoint endpoint) => endpoint.Metadata.GetMetadata<ManagementOnly>() is not null;

    private sealed class ManagementOnly
    {
        public static readonly ManagementOnly Instance = new();
    }
}

/// <summary>The management port Kestrel listens on (<see cref="ManagementEndpoints"/>).</summary>
internal sealed record ManagementPort(int Port);
