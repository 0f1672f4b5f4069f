using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IdentityBroker.Esia.Http;

namespace IdentityBroker.Server.Admin.AdminRead;

/// <summary>
/// Each region's ESIA state as this replica sees it, for the admin read API: the circuit breaker's last transition and the
/// last ESIA error kind. Read from the ESIA client's own instruments (<see cref="EsiaMetrics"/>: breaker transitions,
/// errors by kind) with a <see cref="MeterListener"/>, so the ESIA client needs no second way of reporting. Per replica
/// and since its start: a breaker never opened reads "closed".
/// </summary>
internal sealed class EsiaStateMonitor : IHostedService, IDisposable
{
    private const string Transitions = "identity_broker.esia.circuit_breaker.transitions";

    private readonly ConcurrentDictionary<string, EsiaRegionState> _states = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();
    private readonly IMeterFactory _meters;
    private readonly TimeProvider _time;

    public EsiaStateMonitor(IMeterFactory meters, TimeProvider time)
    {
        _meters = meters;
        _time = time;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // the breaker meter comes from this host's factory (several hosts may share a test process); errors are static
            var breaker = instrument.Name == Transitions && instrument.Meter.Scope == _meters;
            var errors = instrument.Name == EsiaMetrics.ErrorsInstrument && instrument.Meter.Name == EsiaMetrics.MeterName;
            if (breaker || errors)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    public EsiaRegionState Get(string region) => _states.GetValueOrDefault(region) ?? EsiaRegionState.Initial;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? region = null, breakerState = null, kind = null, code = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "esia.region": region = tag.Value as string; break;
                case "state": breakerState = tag.Value as string; break;
                case "kind": kind = tag.Value as string; break;
                case "esia.code": code = tag.Value as string; break;
            }
        }

        if (region is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        _states.AddOrUpdate(
            region,
            _ => Apply(EsiaRegionState.Initial),
            (_, current) => Apply(current));

        EsiaRegionState Apply(EsiaRegionState s) => instrument.Name == Transitions
            ? s with { CircuitBreaker = breakerState ?? s.CircuitBreaker, CircuitBreakerChangedAt = now }
            : s with { LastErrorKind = kind, LastErrorCode = code, LastErrorAt = now };
    }
}

/// <summary>One region's ESIA state on this replica. <c>CircuitBreaker</c>: closed, open or half_open.</summary>
internal sealed record EsiaRegionState(
    string CircuitBreaker, DateTimeOffset? CircuitBreakerChangedAt, string? LastErrorKind, string? LastErrorCode, DateTimeOffset? LastErrorAt)
{
    public static readonly EsiaRegionState Initial = new("closed", null, null, null, null);
}
