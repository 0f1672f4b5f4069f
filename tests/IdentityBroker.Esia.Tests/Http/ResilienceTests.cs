using System.Diagnostics.Metrics;
using System.Net;
using IdentityBroker.Esia.Tests.Client;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityBroker.Esia.Tests.Http;

[CancelAfter(30_000)]
public sealed class ResilienceTests
{
    private static HttpResponseMessage Status(HttpStatusCode status) => new(status) { Content = new StringContent("") };

    private static string ErrorJson(string file) => File.ReadAllText(EsiaTestEnvironment.TestDataPath(file));

    [Test]
    public void TokenPost_Http500_IsSentOnceAndUnavailable()
    {
        using var env = new EsiaTestEnvironment();
        env.Stub.Token = (_, _) => Task.FromResult(Status(HttpStatusCode.InternalServerError));

        var ex = Assert.ThrowsAsync<EsiaException>(env.SignInAsync);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.Kind, Is.EqualTo(EsiaFailureKind.Unavailable));
            Assert.That(env.Stub.TokenCalls, Is.EqualTo(1));
        }
    }

    [Test]
    public void TokenPost_Timeout_IsSentOnceAndUnavailable()
    {
        using var env = new EsiaTestEnvironment();
        env.Registration.Timeout = TimeSpan.FromMilliseconds(200);
        env.Stub.Token = async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return Status(HttpStatusCode.OK);
        };

        var ex = Assert.ThrowsAsync<EsiaException>(env.SignInAsync);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.Kind, Is.EqualTo(EsiaFailureKind.Unavailable));
            Assert.That(env.Stub.TokenCalls, Is.EqualTo(1));
        }
    }

    [TestCase("token-error-007011.json", EsiaFailureKind.InvalidResponse, "ESIA-007011")]
    [TestCase("token-error-007008.json", EsiaFailureKind.Unavailable, "ESIA-007008")]
    public void TokenPost_EsiaErrorJson_MapsToKindWithCode(string file, EsiaFailureKind kind, string code)
    {
        using var env = new EsiaTestEnvironment();
        env.Stub.Token = (_, _) => Task.FromResult(StubEsiaHandler.Json(HttpStatusCode.BadRequest, ErrorJson(file)));

        var ex = Assert.ThrowsAsync<EsiaException>(env.SignInAsync);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.Kind, Is.EqualTo(kind));
            Assert.That(ex.EsiaErrorCode, Is.EqualTo(code));
            Assert.That(env.Stub.TokenCalls, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task PersonGet_Http503Twice_IsRetriedAndSucceeds()
    {
        using var env = new EsiaTestEnvironment();
        var inner = env.Stub.Person!;
        env.Stub.Person = (request, call, ct) =>
            call <= 2 ? Task.FromResult(Status(HttpStatusCode.ServiceUnavailable)) : inner(request, call, ct);

        var result = await env.SignInAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Person.Oid, Is.EqualTo("1000299681"));
            Assert.That(env.Stub.PersonCalls, Is.EqualTo(3));
            Assert.That(env.Stub.TokenCalls, Is.EqualTo(1));
        }
    }

    [Test]
    public void PersonGet_Http503Always_GivesUpAfterTwoRetries()
    {
        using var env = new EsiaTestEnvironment();
        env.Stub.Person = (_, _, _) => Task.FromResult(Status(HttpStatusCode.ServiceUnavailable));

        var ex = Assert.ThrowsAsync<EsiaException>(env.SignInAsync);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.Kind, Is.EqualTo(EsiaFailureKind.Unavailable));
            Assert.That(env.Stub.PersonCalls, Is.EqualTo(3));
        }
    }

    [Test]
    public void PersonGet_Http403_IsNotRetried()
    {
        using var env = new EsiaTestEnvironment();
        env.Stub.Person = (_, _, _) => Task.FromResult(Status(HttpStatusCode.Forbidden));

        var ex = Assert.ThrowsAsync<EsiaException>(env.SignInAsync);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.Kind, Is.EqualTo(EsiaFailureKind.Misconfigured));

            // One call with the optional embedded collections, one without them (issue #10 item 7); neither is retried.
            Assert.That(env.Stub.PersonRequests.Select(r => Uri.UnescapeDataString(r.PathAndQuery)).ToArray(),
                Is.EqualTo(new[] { "/rs/prns/1000299681?embed=(documents.elements)", "/rs/prns/1000299681" }));
        }
    }

    [Test]
    public async Task Breaker_RepeatedFailures_OpensForTheRegionOnly()
    {
        using var env = new EsiaTestEnvironment(o =>
        {
            o.BreakerMinimumThroughput = 2;
            o.BreakerFailureRatio = 0.5;
            o.BreakerBreakDuration = TimeSpan.FromMinutes(1);
        });
        env.Stub.Token = (_, _) => Task.FromResult(Status(HttpStatusCode.InternalServerError));
        Assert.ThrowsAsync<EsiaException>(env.SignInAsync);
        Assert.ThrowsAsync<EsiaException>(env.SignInAsync);

        var ex = Assert.ThrowsAsync<EsiaException>(env.SignInAsync);
        var callsWhileOpen = env.Stub.TokenCalls;
        env.Stub.Token = (form, _) => Task.FromResult(env.TokenResponse(form["state"]));
        var otherRegion = await env.Client.CompleteSignInAsync("55", env.Registration, "code", CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.Kind, Is.EqualTo(EsiaFailureKind.Unavailable));
            Assert.That(ex.Message, Does.Contain("circuit open"));
            Assert.That(callsWhileOpen, Is.EqualTo(2), "the third call must not reach ESIA");
            Assert.That(otherRegion.Person.Oid, Is.EqualTo("1000299681"));
        }
    }

    [Test]
    public void Metrics_FailedTokenPostAndOpenBreaker_AreRecorded()
    {
        using var env = new EsiaTestEnvironment(o => o.BreakerMinimumThroughput = 2);
        var factory = env.Services.GetRequiredService<IMeterFactory>();
        var durations = new List<(double Value, Dictionary<string, object?> Tags)>();
        var transitions = new List<Dictionary<string, object?>>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "IdentityBroker.Esia" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            durations.Add((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            transitions.Add(tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        listener.Start();
        env.Stub.Token = (_, _) => Task.FromResult(Status(HttpStatusCode.InternalServerError));

        Assert.ThrowsAsync<EsiaException>(env.SignInAsync);
        Assert.ThrowsAsync<EsiaException>(env.SignInAsync);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(durations, Has.Count.EqualTo(2));
            Assert.That(durations[0].Tags["esia.operation"], Is.EqualTo("token"));
            Assert.That(durations[0].Tags["result"], Is.EqualTo("http_5xx"));
            Assert.That(transitions.Select(t => t["state"]), Is.EqualTo(new[] { "open" }));
            Assert.That(transitions[0]["esia.region"], Is.EqualTo("38"));
        }
    }
}
