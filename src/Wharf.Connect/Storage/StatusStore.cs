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
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> _topics = new(StringComparer.Ordinal);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (log is not null)
        {
            // Statuses of earlier runs are history: this worker reports afresh for what it runs.
            await log.StartAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Applies the statuses every worker of the cluster writes from now on, this one's too: the topic's order is
    /// the truth, so a stale record read late is overwritten by the later one that follows it.
    /// </summary>
    public void Follow() => log?.Follow((key, value) =>
    {
        var text = Encoding.UTF8.GetString(key);
        var status = value is null ? null : Parse(value);
        if (text.StartsWith("status-connector-", StringComparison.Ordinal))
        {
            Apply(_connectors, text["status-connector-".Length..], status);
        }
        else if (text.StartsWith("status-task-", StringComparison.Ordinal) && text.LastIndexOf('-') is var dash && dash > "status-task-".Length
            && int.TryParse(text.AsSpan(dash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            Apply(_tasks, new TaskId(text["status-task-".Length..dash], number), status);
        }
    });

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

        ResetTopics(connector);
        if (_connectors.TryRemove(connector, out _))
        {
            log?.Send(Encoding.UTF8.GetBytes("status-connector-" + connector), null);
        }
    }

    /// <summary>The topics a connector's tasks produced to or consumed from since the last reset (KIP-558).</summary>
    public IReadOnlyList<string> ActiveTopics(string connector) =>
        _topics.TryGetValue(connector, out var topics) ? topics.Keys.Order(StringComparer.Ordinal).ToList() : [];

    /// <summary>Notes that a task used a topic; the first use is written as <c>status-topic-&lt;topic&gt;:connector-&lt;c&gt;</c>.</summary>
    public void RecordTopic(TaskId task, string topic)
    {
        var topics = _topics.GetOrAdd(task.Connector, _ => new ConcurrentDictionary<string, bool>(StringComparer.Ordinal));
        if (topics.TryAdd(topic, true))
        {
            log?.Send(Encoding.UTF8.GetBytes("status-topic-" + topic + ":connector-" + task.Connector), InternalJson.Serialize(new Dictionary<object, object?>
            {
                ["topic"] = new Dictionary<object, object?>
                {
                    ["name"] = topic,
                    ["connector"] = task.Connector,
                    ["task"] = task.Task,
                    ["discoverTimestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                },
            }));
        }
    }

    public void ResetTopics(string connector)
    {
        if (_topics.TryRemove(connector, out var topics))
        {
            foreach (var topic in topics.Keys)
            {
                log?.Send(Encoding.UTF8.GetBytes("status-topic-" + topic + ":connector-" + connector), null);
            }
        }
    }

    public void Dispose() => log?.Dispose();

    private static void Apply<TKey>(ConcurrentDictionary<TKey, WorkStatus> statuses, TKey key, WorkStatus? status)
        where TKey : notnull
    {
        if (status is null)
        {
            statuses.TryRemove(key, out _);
        }
        else
        {
            statuses[key] = status;
        }
    }

    private static WorkStatus? Parse(byte[] value)
    {
        try
        {
            return InternalJson.AsMap(InternalJson.Deserialize(value)) is { } map
                && map.GetValueOrDefault("state") is string state && Enum.TryParse<WorkState>(state, ignoreCase: true, out var parsed)
                ? new WorkStatus(parsed, map.GetValueOrDefault("worker_id") as string ?? string.Empty, map.GetValueOrDefault("trace") as string, map.GetValueOrDefault("generation") is long g ? (int)g : 0)
                : null;
        }
        catch (Api.DataException)
        {
            return null;
        }
    }

    private void Write(string key, WorkStatus status) =>
        log?.Send(Encoding.UTF8.GetBytes(key), InternalJson.Serialize(new Dictionary<object, object?>
        {
            ["state"] = status.StateName,
            ["trace"] = status.Trace,
            ["worker_id"] = status.WorkerId,
            ["generation"] = status.Generation,
        }));
}
