using Microsoft.Extensions.Logging;

namespace Wharf.Connect.Runtime.Monitoring;

/// <summary>One log line kept for the REST API; Task is null for the connector instance's lines.</summary>
internal sealed record LogLine(DateTimeOffset Time, LogLevel Level, string Logger, string Message, string? Exception, int? Task);

/// <summary>The most recent log lines of one connector and its tasks: a fixed-size ring, oldest lines overwritten.</summary>
internal sealed class LogRing(int capacity)
{
    private readonly LogLine?[] _lines = new LogLine?[capacity];
    private readonly Lock _lock = new();
    private long _count;

    public int Capacity => capacity;

    public void Add(LogLine line)
    {
        lock (_lock)
        {
            _lines[_count % capacity] = line;
            _count++;
        }
    }

    /// <summary>The last <paramref name="limit"/> lines (of <paramref name="task"/> only when given), oldest first.</summary>
    public IReadOnlyList<LogLine> Recent(int limit, int? task)
    {
        var result = new List<LogLine>(Math.Min(limit, capacity));
        lock (_lock)
        {
            for (var i = _count - 1; i >= 0 && i >= _count - capacity && result.Count < limit; i--)
            {
                var line = _lines[i % capacity]!;
                if (task is null || line.Task == task)
                {
                    result.Add(line);
                }
            }
        }

        result.Reverse();
        return result;
    }
}

/// <summary>
/// A logger that writes to its inner logger and keeps Information-and-above lines in a connector's ring, so the
/// REST API can show a connector's recent lines without a global log sink.
/// </summary>
internal sealed class RingLogger(ILogger inner, string category, LogRing ring, int? task) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information || inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel >= LogLevel.Information && logLevel != LogLevel.None)
        {
            ring.Add(new LogLine(DateTimeOffset.UtcNow, logLevel, category, formatter(state, exception), exception?.ToString(), task));
        }

        if (inner.IsEnabled(logLevel))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
