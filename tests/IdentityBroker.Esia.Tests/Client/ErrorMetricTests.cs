using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using IdentityBroker.Esia.Http;

namespace IdentityBroker.Esia.Tests.Client;

/// <summary><c>identity_broker.esia.errors</c>: one count per ESIA error, tagged by region, ESIA code and kind.</summary>
[NonParallelizable]
public sealed class ErrorMetricTests
{
    private readonly ConcurrentBag<(long Value, Dictionary<string, string?> Tags)> _errors = [];
    private MeterListener _listener = null!;

    [SetUp]
    public void SetUp()
    {
        _errors.Clear(); // one fixture instance runs every test
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == EsiaMetrics.MeterName && instrument.Name == EsiaMetrics.ErrorsInstrument)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var map = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value?.ToString();
            }

            if (map.GetValueOrDefault("esia.region") is "metric-test")
            {
                _errors.Add((value, map));
            }
        });
        _listener.Start();
    }

    [TearDown]
    public void TearDown() => _listener.Dispose();

    [Test]
    public void CompleteSignIn_Esia007008_CountsOneUnavailableErrorWithTheCode()
    {
        using var env = new EsiaTestEnvironment();
        env.Stub.Token = (_, _) => Task.FromResult(StubEsiaHandler.Json(HttpStatusCode.ServiceUnavailable,
            """{"error":"temporarily_unavailable","error_description":"ESIA-007008: Service is temporarily unavailable"}"""));

        Assert.ThrowsAsync<EsiaException>(() => env.Client.CompleteSignInAsync("metric-test", env.Registration, "c", CancellationToken.None));

        var (value, tags) = _errors.Single();
        Assert.That((value, tags["esia.code"], tags["kind"]), Is.EqualTo((1L, "ESIA-007008", "unavailable")));
    }

    [Test]
    public void RecordError_SameErrorReportedTwice_CountsOnce()
    {
        var error = EsiaErrorMapper.FromCallback("access_denied", "ESIA-007036: blocked");

        EsiaMetrics.RecordError("metric-test", error);
        EsiaMetrics.RecordError("metric-test", error);

        var (_, tags) = _errors.Single();
        Assert.That((tags["esia.code"], tags["kind"]), Is.EqualTo(("ESIA-007036", "denied")));
    }

    [Test]
    public void CompleteSignIn_TokenSignedByUnknownKey_CountsInvalidResponseWithoutCode()
    {
        using var env = new EsiaTestEnvironment();
        using var stranger = System.Security.Cryptography.RSA.Create(2048);
        env.SignToken = (claims, sbt) => TestTokens.SignRs256(claims, sbt, stranger);

        Assert.ThrowsAsync<EsiaException>(() => env.Client.CompleteSignInAsync("metric-test", env.Registration, "c", CancellationToken.None));

        var (_, tags) = _errors.Single();
        Assert.That((tags["esia.code"], tags["kind"]), Is.EqualTo(("none", "invalid_response")));
    }
}
