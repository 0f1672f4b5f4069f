using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;

namespace IdentityBroker.Esia.Tests.Client;

/// <summary>Nothing personal reaches the log, even at Trace: no oid (it is in the person URL), no names, no SNILS, no tokens.</summary>
public sealed class LoggingTests
{
    [Test]
    public async Task CompleteSignIn_AtTraceLevel_LogsNeitherOidNorPersonalDataNorTokens()
    {
        using var logs = new Capture();
        using (var env = new EsiaTestEnvironment(logs: logs))
        {
            await env.SignInAsync();
            env.Stub.Person = (_, _, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
            Assert.ThrowsAsync<EsiaException>(env.SignInAsync);
        }

        var text = string.Join("\n", logs.Messages);
        Assert.That(logs.Messages, Is.Not.Empty);
        Assert.That(text, Does.Not.Contain("1000299681").And.Not.Contain("/rs/prns").And.Not.Contain("eyJ").And.Not.Contain("Иван"),
            "the default HttpClient logging (request URLs) is off for the ESIA client");
    }

    private sealed class Capture : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(Capture owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Messages.Enqueue(formatter(state, exception));
        }
    }
}
