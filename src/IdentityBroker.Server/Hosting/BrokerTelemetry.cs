using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace IdentityBroker.Server.Hosting;

/// <summary>
/// OpenTelemetry through the core SDK (OpenTelemetry.Extensions.Hosting is not obtainable; docs/adr/0003): traces of the
/// broker, ASP.NET Core, HttpClient and Npgsql; metrics of the broker, ESIA client, runtime and Npgsql. OTLP export is
/// switched on by <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.
/// </summary>
internal static class BrokerTelemetry
{
    public const string SourceName = "IdentityBroker";

    public static readonly ActivitySource Source = new(SourceName);

    public static void Add(IServiceCollection services)
    {
        var otel = new Builder(services)
            .WithTracing(t => t.AddSource(SourceName, "IdentityBroker.Esia", "Microsoft.AspNetCore", "System.Net.Http", "Npgsql"))
            .WithMetrics(m => m.AddMeter(SourceName, "IdentityBroker.Esia", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
                "System.Net.Http", "System.Runtime", "Npgsql", "Microsoft.EntityFrameworkCore"));
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            otel.UseOtlpExporter();
        }

        services.AddHostedService<Starter>();
    }

    private sealed class Builder(IServiceCollection services) : IOpenTelemetryBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    /// <summary>What OpenTelemetry.Extensions.Hosting's hosted service does: resolve the providers so they start listening.</summary>
    private sealed class Starter(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetService<TracerProvider>();
            services.GetService<MeterProvider>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
