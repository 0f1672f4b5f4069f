using System.Text.Json;
using IdentityBroker.Server.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IdentityBroker.IntegrationTests.Hosting;

/// <summary>
/// Issue #10 item 3: Hosting/ErrorHandling.cs turns every exception into a proper answer — the request's fault a 4xx, the
/// database gone a 503 with Retry-After, anything else a 500 server_error with a reference number — JSON at the machine
/// endpoints and a Russian page elsewhere, logged once (event 1900) without the exception's message, which may quote data.
/// (The hostile suite drives the real pipeline in Production and Development; this throws through the middleware directly.)
/// </summary>
public sealed class ErrorHandlingTests
{
    private const string Secret = "SNILS 112-233-445 95 in a message";

    [Test]
    public async Task Unexpected_AtTokenEndpoint_500ServerErrorJson_WithReference_LoggedOnceWithoutMessage()
    {
        var logger = new ListLogger();
        var (context, body) = Context("/connect/token");

        await ErrorHandling.InvokeAsync(context, () => throw new InvalidOperationException(Secret), logger);

        Assert.That(context.Response.StatusCode, Is.EqualTo(500));
        using var json = JsonDocument.Parse(body());
        Assert.That(json.RootElement.GetProperty("error").GetString(), Is.EqualTo("server_error"));
        var reference = json.RootElement.GetProperty("reference").GetString();
        Assert.That(reference, Does.Match("^[0-9A-Z]{4}-[0-9A-Z]{4}$"));
        Assert.That(body(), Does.Not.Contain("InvalidOperation").And.Not.Contain("112-233"));
        Assert.That(logger.Entries, Has.Count.EqualTo(1));
        Assert.That(logger.Entries[0].Id, Is.EqualTo(1900));
        Assert.That(logger.Entries[0].Text, Does.Contain(reference).And.Contain("InvalidOperationException").And.Not.Contain("112-233"));
    }

    [Test]
    public async Task Unexpected_AtSignInPage_500RussianPageWithReference()
    {
        var (context, body) = Context("/signin/choose");

#pragma warning disable CA2201 // the runtime's own exception on purpose: the kind of bug the handler must turn into a 500 page
        await ErrorHandling.InvokeAsync(context, () => throw new NullReferenceException(), new ListLogger());
#pragma warning restore CA2201

        Assert.That(context.Response.StatusCode, Is.EqualTo(500));
        Assert.That(context.Response.ContentType, Does.StartWith("text/html"));
        Assert.That(body(), Does.Contain("lang=\"ru\"").And.Contain("Номер обращения").And.Not.Contain("NullReference"));
    }

    [Test]
    public async Task DatabaseGone_503TemporarilyUnavailable_WithRetryAfter()
    {
        var (context, body) = Context("/connect/token");

        await ErrorHandling.InvokeAsync(context, () => throw new NpgsqlException("connection refused", new System.Net.Sockets.SocketException(111)), new ListLogger());

        Assert.That(context.Response.StatusCode, Is.EqualTo(503));
        Assert.That(context.Response.Headers.RetryAfter.ToString(), Is.EqualTo("2"));
        Assert.That(JsonDocument.Parse(body()).RootElement.GetProperty("error").GetString(), Is.EqualTo("temporarily_unavailable"));
    }

    [Test]
    public async Task PostgresRefusesTheValue_NulInText_400InvalidRequest()
    {
        var (context, body) = Context("/connect/par");

        await ErrorHandling.InvokeAsync(context, () => throw new PostgresException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "ERROR", "22021"), new ListLogger());

        Assert.That(context.Response.StatusCode, Is.EqualTo(400));
        Assert.That(JsonDocument.Parse(body()).RootElement.GetProperty("error").GetString(), Is.EqualTo("invalid_request"));
    }

    [Test]
    public async Task EmptyMethodNotAllowed_AtProtocolEndpoint_GetsJsonBody_KeepsAllow()
    {
        var (context, body) = Context("/connect/introspect");

        await ErrorHandling.InvokeAsync(context, () =>
        {
            context.Response.StatusCode = 405;
            context.Response.Headers.Allow = "POST";
            return Task.CompletedTask;
        }, new ListLogger());

        Assert.That(context.Response.StatusCode, Is.EqualTo(405));
        Assert.That(context.Response.Headers.Allow.ToString(), Is.EqualTo("POST"));
        Assert.That(JsonDocument.Parse(body()).RootElement.GetProperty("error").GetString(), Is.EqualTo("invalid_request"));
    }

    private static (HttpContext Context, Func<string> Body) Context(string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.Method = "POST";
        var stream = new MemoryStream();
        context.Response.Body = stream;
        return (context, () => System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private sealed class ListLogger : ILogger
    {
        public List<(int Id, string Text)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((eventId.Id, formatter(state, exception) + exception));
    }
}
