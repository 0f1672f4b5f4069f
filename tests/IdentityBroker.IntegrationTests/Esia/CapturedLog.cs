using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IdentityBroker.IntegrationTests.Esia;

/// <summary>A logger provider that keeps the broker's log events (category, id, level, rendered message) for assertions.</summary>
internal sealed class CapturedLog : ILoggerProvider
{
    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    internal sealed record Entry(string Category, EventId EventId, LogLevel Level, string Message);

    private sealed class Logger(CapturedLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue(new Entry(category, eventId, logLevel, formatter(state, exception)));
    }
}
