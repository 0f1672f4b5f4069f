using System.Diagnostics.Metrics;

namespace IdentityBroker.Esia.Http;

/// <summary>
/// Instruments on the <c>IdentityBroker.Esia</c> meter: request duration (seconds, tags <c>esia.operation</c> and
/// <c>result</c>) and circuit-breaker transitions (tags <c>esia.region</c>, <c>state</c>).
/// </summary>
public sealed class EsiaMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "IdentityBroker.Esia";

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _breaker;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public EsiaMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _duration = meter.CreateHistogram<double>(
            "identity_broker.esia.request.duration", "s", "Duration of calls to ESIA including retries.");
        _breaker = meter.CreateCounter<long>(
            "identity_broker.esia.circuit_breaker.transitions", description: "ESIA circuit breaker state changes.");
    }

    internal void RecordRequest(string operation, string result, TimeSpan duration) =>
        _duration.Record(duration.TotalSeconds,
            new KeyValuePair<string, object?>("esia.operation", operation),
            new KeyValuePair<string, object?>("result", result));

    internal void RecordBreaker(string region, string state) =>
        _breaker.Add(1,
            new KeyValuePair<string, object?>("esia.region", region),
            new KeyValuePair<string, object?>("state", state));
}
