using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IdentityBroker.Server.Telemetry;

/// <summary>
/// OpenTelemetry through OpenTelemetry.Extensions.Hosting with the ASP.NET Core and HttpClient instrumentation
/// (docs/adr/0003). Traces: the broker's own spans (<see cref="Source"/>: each sign-in step), ESIA calls, ASP.NET Core
/// (without /health and /metrics), HttpClient and Npgsql. Metrics: <see cref="BrokerMetrics"/>, the ESIA client, ASP.NET
/// Core, HttpClient, runtime and Npgsql; scraped at <c>/metrics</c> on the management port and, when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, pushed by OTLP. Every other setting is the standard <c>OTEL_*</c> variables
/// (<c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c> with the region, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, …).
/// No personal data leaves: <see cref="PersonalDataScrubber"/> removes ESIA oids from URLs; query strings stay redacted
/// (the instrumentations' default); exceptions are not recorded (their messages may quote a response).
/// </summary>
internal static class BrokerTelemetry
{
    public const string SourceName = "IdentityBroker";

    public static readonly ActivitySource Source = new(SourceName);

    public static void Add(IServiceCollection services)
    {
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("identity-broker"))
            .WithTracing(t => t
                .AddSource(SourceName, "IdentityBroker.Esia", "Npgsql")
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = context => !IsManagementPath(context.Request.Path);
                    o.RecordException = false;
                    o.EnrichWithHttpResponse = (activity, _) => PersonalDataScrubber.ScrubUrls(activity);
                })
                .AddHttpClientInstrumentation(o =>
                {
                    o.RecordException = false;
                    // scrubbed while the span is still open, so no exporter or processor, whatever its order, sees an oid
                    o.EnrichWithHttpRequestMessage = (activity, _) => PersonalDataScrubber.ScrubUrls(activity);
                    o.EnrichWithHttpResponseMessage = (activity, _) => PersonalDataScrubber.ScrubUrls(activity);
                    o.EnrichWithException = (activity, _) => PersonalDataScrubber.ScrubUrls(activity);
                })
                .AddProcessor(new PersonalDataScrubber()))
            .WithMetrics(m => m
                .AddMeter(BrokerMetrics.MeterName, "IdentityBroker.Esia", "System.Runtime", "Npgsql", "Microsoft.EntityFrameworkCore")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddPrometheusExporter());
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            otel.UseOtlpExporter();
        }

        services.AddHostedService<OutboxBacklogProbe>();
    }

    /// <summary>Probes and scrapes: every few seconds per replica, they would drown the traces that matter.</summary>
    internal static bool IsManagementPath(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);
}
