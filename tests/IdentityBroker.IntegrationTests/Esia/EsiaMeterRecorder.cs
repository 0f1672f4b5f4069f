using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IdentityBroker.Esia.Http;

namespace IdentityBroker.IntegrationTests.Esia;

/// <summary>Records the measurements of the <c>IdentityBroker.Esia</c> meter (errors, breaker transitions) while alive.</summary>
internal sealed class EsiaMeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();

    public EsiaMeterRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EsiaMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var map = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value?.ToString();
            }

            Measurements.Add(new Measurement(instrument.Name, value, map));
        });
        _listener.Start();
    }

    public ConcurrentBag<Measurement> Measurements { get; } = [];

    public IReadOnlyList<Measurement> Errors(string region) =>
        Measurements.Where(m => m.Instrument == EsiaMetrics.ErrorsInstrument && m.Tags.GetValueOrDefault("esia.region") == region).ToList();

    public IReadOnlyList<string?> BreakerStates(string region) =>
        Measurements.Where(m => m.Instrument == "identity_broker.esia.circuit_breaker.transitions" && m.Tags.GetValueOrDefault("esia.region") == region)
            .Select(m => m.Tags.GetValueOrDefault("state")).ToList();

    public void Dispose() => _listener.Dispose();

    internal sealed record Measurement(string Instrument, long Value, IReadOnlyDictionary<string, string?> Tags);
}
