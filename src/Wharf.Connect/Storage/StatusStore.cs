using System.Collections.Concurrent;
using System.Text;
using Wharf.Connect.Runtime;

namespace Wharf.Connect.Storage;

/// <summary>
/// The statuses of connectors and tasks, kept in memory and, in distributed mode, written to the
/// status.storage.topic with Apache's keys (<c>status-connector-&lt;c&gt;</c>, <c>status-task-&lt;c&gt;-&lt;n&gt;</c>)
/// and values (<c>{"state":…,"trace":…,"worker_id":…,"generation":…}</c>).
/// </summary>
internal sealed class StatusStore(KafkaTopicLog? log) : IDisposable
{
    private readonly ConcurrentDictionary<string, WorkStatus> _connectors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<TaskId, WorkStatus> _tasks = new();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (log is not null)
        {
            // Statuses of earlier runs are history: this worker reports afresh for what it runs.
            await log.StartAsync(cancellationToken);
        }
    }

    public WorkStatus? Connector(string connector) => _connectors.GetValueOrDefault(connector);

    public WorkStatus? Task(TaskId task) => _tasks.GetValueOrDefault(task);

    public IReadOnlyList<(TaskId Id, WorkStatus Status)> Tasks(string connector) =>
        _tasks.Where(kv => kv.Key.Connector == connector).OrderBy(kv => kv.Key.Task).Select(kv => (kv.Key, kv.Value)).ToList();

    public void Put(string connector, WorkStatus status)
    {
        _connectors[connector] = status;
        Write("status-connector-" + connector, status);
    }

    public void Put(TaskId task, WorkStatus status)
    {
        _tasks[task] = status;
        Write("status-task-" + task, status);
    }

    public void RemoveTask(TaskId task)
    {
        if (_tasks.TryRemove(task, out _))
        {
            log?.Send(Encoding.UTF8.GetBytes("status-task-" + task), null);
        }
    }

    public void Remove(string connector)
    {
        foreach (var (task, _) in Tasks(connector))
        {
            RemoveTask(task);
        }

        if (_connectors.TryRemove(connector, out _))
        {
            log?.Send(Encoding.UTF8.GetBytes("status-connector-" + connector), null);
        }
    }

    public void Dispose() => log?.Dispose();

    private void Write(string key, WorkStatus status) =>
        log?.Send(Encoding.UTF8.GetBytes(key), InternalJson.Serialize(new Dictionary<object, object?>
        {
            ["state"] = status.StateName,
            ["trace"] = status.Trace,
            ["worker_id"] = status.WorkerId,
            ["generation"] = status.Generation,
        }));
}
