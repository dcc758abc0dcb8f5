using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Wharf.Testing;

/// <summary>One captured log line.</summary>
public sealed record CapturedLog(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception);

/// <summary>A logger factory that keeps every line, so tests can assert on what was logged (and on errors nobody expected).</summary>
public sealed class LogCapture : ILoggerFactory
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public IEnumerable<CapturedLog> AtLeast(LogLevel level) => _entries.Where(e => e.Level >= level);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new CapturedLog(logLevel, category, eventId, formatter(state, exception), exception));
    }
}
