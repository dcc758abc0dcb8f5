using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Wharf.Testing;

/// <summary>
/// A logger provider that keeps every entry a server writes during a test. Tests read it to check what was
/// logged, and fixtures fail a test when the server logged an error (or warning) the test did not declare as
/// expected — a broken server is noticed even when the client happened to cope (MQTTnet's TestEnvironment).
/// It is also a logger factory of its own, for a component under test that takes one directly.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly ConcurrentBag<Func<LogEntry, bool>> _expected = [];

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    /// <summary>Declares log entries (matched by the predicate) as part of what the test provokes.</summary>
    public void Expect(Func<LogEntry, bool> predicate) => _expected.Add(predicate);

    private int _reported;

    /// <summary>Unexpected entries written since the last call (each is reported once).</summary>
    public IReadOnlyList<LogEntry> TakeUnexpected(LogLevel atLeast)
    {
        var all = _entries.ToArray();
        var start = Interlocked.Exchange(ref _reported, all.Length);
        return all.Skip(Math.Min(start, all.Length)).Where(e => e.Level >= atLeast && !_expected.Any(expect => expect(e))).ToList();
    }

    /// <summary>Errors and warnings nobody expected, in the order they were written.</summary>
    public IReadOnlyList<LogEntry> Unexpected(LogLevel atLeast = LogLevel.Error) =>
        _entries.Where(e => e.Level >= atLeast && !_expected.Any(expect => expect(e))).ToList();

    /// <summary>Every entry at <paramref name="level"/> or above, expected or not.</summary>
    public IEnumerable<LogEntry> AtLeast(LogLevel level) => _entries.Where(e => e.Level >= level);

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("Entries are only captured here.");

    /// <summary>Adds an entry read from elsewhere (the parsed output of a server run as a child process).</summary>
    public void Add(LogEntry entry) => _entries.Enqueue(entry);

    public void Dispose()
    {
    }

    public sealed record LogEntry(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception)
    {
        public override string ToString() => Level + " " + Category + "[" + EventId.Id + "] " + Message + (Exception is null ? string.Empty : " " + Exception);
    }

    private sealed class CapturingLogger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new LogEntry(logLevel, category, eventId, formatter(state, exception), exception));
    }
}
