using System.Diagnostics.Metrics;

namespace IdentityBroker.Esia.Http;

/// <summary>
/// Instruments on the <c>IdentityBroker.Esia</c> meter: request duration (seconds, tags <c>esia.operation</c> and
/// <c>result</c>), circuit-breaker transitions (tags <c>esia.region</c>, <c>state</c>) and ESIA errors
/// (<see cref="ErrorsInstrument"/>, tags <c>esia.region</c>, <c>esia.code</c>, <c>kind</c>).
/// </summary>
public sealed class EsiaMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "IdentityBroker.Esia";

    /// <summary>Counter of ESIA failures the broker saw, one per failed sign-in step (alert on misconfigured/unavailable).</summary>
    public const string ErrorsInstrument = "identity_broker.esia.errors";

    // Static so that errors built outside DI (the callback's error query, EsiaErrorMapper) are counted on the same meter name.
    private static readonly Meter ErrorMeter = new(MeterName);

    /// <summary>Spans around each ESIA call (with its retries), source <see cref="MeterName"/>; tags: region, operation, result.</summary>
    internal static readonly System.Diagnostics.ActivitySource Activities = new(MeterName);
    private static readonly Counter<long> Errors = ErrorMeter.CreateCounter<long>(
        ErrorsInstrument, description: "ESIA errors by ESIA code (or 'none') and kind (denied, unavailable, misconfigured, invalid_response).");

    /// <summary>Counter of optional ESIA data (kids, documents) not read at a sign-in; tags <c>esia.region</c>, <c>collection</c>, <c>reason</c> (not_granted, refused).</summary>
    public const string OptionalDataSkippedInstrument = "identity_broker.esia.optional_data_skipped";

    private static readonly Counter<long> OptionalDataSkipped = ErrorMeter.CreateCounter<long>(
        OptionalDataSkippedInstrument, description: "Optional ESIA collections not read at sign-in: scope not granted, or refused with HTTP 403.");

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

    /// <summary>
    /// Counts <paramref name="error"/> once (a second call for the same exception does nothing), so both the client and
    /// the broker's sign-in flow may report it.
    /// </summary>
    public static void RecordError(string region, EsiaException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (!error.TryMarkReported())
        {
            return;
        }

        Errors.Add(1,
            new KeyValuePair<string, object?>("esia.region", region),
            new KeyValuePair<string, object?>("esia.code", error.EsiaErrorCode ?? "none"),
            new KeyValuePair<string, object?>("kind", KindTag(error.Kind)));
    }

    /// <summary>Counts an optional collection a sign-in went on without.</summary>
    public static void RecordOptionalDataSkipped(string region, string collection, string reason) =>
        OptionalDataSkipped.Add(1,
            new KeyValuePair<string, object?>("esia.region", region),
            new KeyValuePair<string, object?>("collection", collection),
            new KeyValuePair<string, object?>("reason", reason));

    /// <summary>The <c>kind</c> tag value: denied, unavailable, misconfigured, invalid_response.</summary>
    public static string KindTag(EsiaFailureKind kind) => kind switch
    {
        EsiaFailureKind.Denied => "denied",
        EsiaFailureKind.Unavailable => "unavailable",
        EsiaFailureKind.Misconfigured => "misconfigured",
        _ => "invalid_response",
    };

    internal void RecordBreaker(string region, string state) =>
        _breaker.Add(1,
            new KeyValuePair<string, object?>("esia.region", region),
            new KeyValuePair<string, object?>("state", state));
}
