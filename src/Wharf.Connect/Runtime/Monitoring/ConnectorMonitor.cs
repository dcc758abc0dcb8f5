using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Wharf.Connect.Runtime.Monitoring;

/// <summary>
/// The metrics and recent log lines of the connectors running on this worker, owned by the herder: it asks for a
/// task's <see cref="TaskMetrics"/> and for loggers that feed the connector's <see cref="LogRing"/>, and forgets a
/// connector when it is deleted.
/// </summary>
internal sealed class ConnectorMonitor(ILoggerFactory loggers, int linesPerConnector = ConnectorMonitor.DefaultLinesPerConnector)
{
    public const int DefaultLinesPerConnector = 1000;

    private readonly ConcurrentDictionary<string, Observed> _connectors = new(StringComparer.Ordinal);

    public TaskMetrics Task(TaskId id) => For(id.Connector).Tasks.GetOrAdd(id.Task, _ => new TaskMetrics());

    /// <summary>The metrics of a task, or null when it never ran here.</summary>
    public TaskMetrics? Find(TaskId id) =>
        _connectors.TryGetValue(id.Connector, out var observed) && observed.Tasks.TryGetValue(id.Task, out var metrics) ? metrics : null;

    /// <summary>The task's logger (category Wharf.Connect.Task.&lt;connector&gt;-&lt;n&gt;), its lines kept in the connector's ring.</summary>
    public ILogger TaskLogger(TaskId id)
    {
        var category = "Wharf.Connect.Task." + id;
        return new RingLogger(loggers.CreateLogger(category), category, For(id.Connector).Logs, id.Task);
    }

    /// <summary>A logger for the connector instance writing to <paramref name="inner"/>, its lines kept in the connector's ring.</summary>
    public ILogger ConnectorLogger(string connector, ILogger inner, string category) => new RingLogger(inner, category, For(connector).Logs, null);

    public LogRing? Logs(string connector) => _connectors.TryGetValue(connector, out var observed) ? observed.Logs : null;

    public void Remove(string connector) => _connectors.TryRemove(connector, out _);

    private Observed For(string connector) => _connectors.GetOrAdd(connector, _ => new Observed(new LogRing(linesPerConnector)));

    private sealed record Observed(LogRing Logs)
    {
        public ConcurrentDictionary<int, TaskMetrics> Tasks { get; } = new();
    }
}
