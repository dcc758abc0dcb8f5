using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Wharf.Connect.Cluster;
using Wharf.Connect.Runtime;
using Wharf.Connect.Runtime.Monitoring;

namespace Wharf.Connect.Rest;

/// <summary>
/// Wharf's additions beyond Apache's REST API: GET /connectors/{c}/metrics, /connectors/{c}/tasks/{t}/metrics,
/// /connectors/{c}/logs and /connectors/{c}/tasks/{t}/logs. Any worker of a cluster answers for the whole
/// connector: a task's metrics and logs are served by the worker that runs it (the request is forwarded there, as
/// Apache forwards a task restart), and a connector's are gathered from the workers its statuses name, each asked
/// for what it holds itself (<see cref="PeerWorkers"/>); a worker that cannot be reached is left out. Unknown
/// connectors and tasks get Apache's 404 bodies.
/// </summary>
internal sealed class MonitoringEndpoints(ConnectHerder herder)
{
    public const int DefaultLogLimit = 200;

    private static readonly (string Name, Func<TaskMetrics, long> Value)[] SinkCounters =
    [
        ("records_read", t => t.RecordsRead), ("records_put", t => t.RecordsPut), ("lag", t => t.Partitions.Sum(p => p.Lag)),
    ];

    private static readonly (string Name, Func<TaskMetrics, long> Value)[] SourceCounters =
    [
        ("records_polled", t => t.RecordsPolled), ("records_written", t => t.RecordsWritten),
    ];

    private static readonly (string Name, Func<TaskMetrics, long> Value)[] SharedCounters =
    [
        ("records_skipped", t => t.RecordsSkipped), ("errors_total", t => t.ErrorsTotal), ("retries", t => t.Retries),
        ("errors_logged", t => t.ErrorsLogged), ("dlq_records", t => t.DeadLetterQueueRecords), ("dlq_failures", t => t.DeadLetterQueueFailures),
        ("offset_commits", t => t.OffsetCommits), ("offset_commit_failures", t => t.OffsetCommitFailures),
    ];

    public async Task ConnectorMetricsAsync(HttpContext context, string connector)
    {
        var info = herder.Info(connector);
        var gather = !PeerWorkers.IsPeerRequest(context);
        var tasks = new List<JsonElement>(info.Tasks.Count);
        foreach (var id in info.Tasks)
        {
            var status = State(connector, id.Task);
            JsonElement? remote = null;
            if (gather && RunsElsewhere(id, status) is { } worker)
            {
                remote = await PeerWorkers.GetAsync(worker, TaskPath(id) + "/metrics", context.RequestAborted);
            }

            tasks.Add(remote ?? ToElement(w => WriteTask(w, info.Type, id, herder.Monitor.Find(id) ?? new TaskMetrics(), status)));
        }

        await ConnectJson.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("name", connector);
            w.WriteString("type", info.Type);
            WriteState(w, State(connector, null));
            w.WriteStartObject("totals");
            WriteTotals(w, info.Type, tasks);
            w.WriteEndObject();
            w.WriteStartArray("tasks");
            foreach (var task in tasks)
            {
                task.WriteTo(w);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public Task TaskMetricsAsync(HttpContext context, string connector, int task)
    {
        var (info, id) = Task(connector, task);
        var status = ServedHere(context, id);
        var metrics = herder.Monitor.Find(id) ?? new TaskMetrics();
        return ConnectJson.WriteAsync(context, 200, w => WriteTask(w, info.Type, id, metrics, status));
    }

    public async Task ConnectorLogsAsync(HttpContext context, string connector)
    {
        var info = herder.Info(connector);
        var limit = Limit(context);
        var lines = new List<JsonElement>();
        AddLocalLines(lines, connector, null, limit);
        if (!PeerWorkers.IsPeerRequest(context))
        {
            var workers = info.Tasks.Select(id => State(connector, id.Task)?.WorkerId).Append(State(connector, null)?.WorkerId)
                .Where(worker => !string.IsNullOrEmpty(worker) && worker != herder.WorkerId)
                .Distinct(StringComparer.Ordinal);
            foreach (var worker in workers)
            {
                var remote = await PeerWorkers.GetAsync(worker!, "/connectors/" + Uri.EscapeDataString(connector) + "/logs?limit=" + limit.ToString(CultureInfo.InvariantCulture), context.RequestAborted);
                if (remote is { } answer && answer.TryGetProperty("lines", out var remoteLines))
                {
                    lines.AddRange(remoteLines.EnumerateArray());
                }
            }
        }

        // Each worker's lines are in time order; together they are merged by time and the latest kept.
        var latest = lines.OrderBy(line => line.TryGetProperty("time_ms", out var ms) ? ms.GetInt64() : 0).TakeLast(limit).ToList();
        await WriteLinesAsync(context, connector, null, latest);
    }

    public Task TaskLogsAsync(HttpContext context, string connector, int task)
    {
        var (_, id) = Task(connector, task);
        ServedHere(context, id);
        var lines = new List<JsonElement>();
        AddLocalLines(lines, connector, task, Limit(context));
        return WriteLinesAsync(context, connector, task, lines);
    }

    private static string TaskPath(TaskId id) => "/connectors/" + Uri.EscapeDataString(id.Connector) + "/tasks/" + id.Task.ToString(CultureInfo.InvariantCulture);

    /// <summary>The task's status; a request for a task another worker runs is sent there (unless it came from a worker).</summary>
    private WorkStatus? ServedHere(HttpContext context, TaskId id)
    {
        var status = State(id.Connector, id.Task);
        if (!PeerWorkers.IsPeerRequest(context) && RunsElsewhere(id, status) is { } worker)
        {
            throw new RequestTargetException(PeerWorkers.UrlOf(worker));
        }

        return status;
    }

    /// <summary>The id of the worker that runs the task when that is another one.</summary>
    private string? RunsElsewhere(TaskId id, WorkStatus? status) =>
        !herder.RunsTask(id) && status?.WorkerId is { Length: > 0 } worker && worker != herder.WorkerId ? worker : null;

    private (ConnectorInfo Info, TaskId Id) Task(string connector, int task)
    {
        var info = herder.Info(connector);
        var id = new TaskId(connector, task);
        return info.Tasks.Contains(id) ? (info, id) : throw new NotFoundException("Unknown task: " + id);
    }

    private static int Limit(HttpContext context)
    {
        var limit = DefaultLogLimit;
        if (context.Request.Query["limit"].FirstOrDefault() is { } text
            && (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit < 0))
        {
            throw new BadRequestException("Invalid value " + text + " for limit: must be a whole number, 0 or more");
        }

        return limit;
    }

    private void AddLocalLines(List<JsonElement> lines, string connector, int? task, int limit)
    {
        foreach (var line in herder.Monitor.Logs(connector)?.Recent(limit, task) ?? [])
        {
            lines.Add(ToElement(w =>
            {
                w.WriteStartObject();
                w.WriteString("time", line.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                w.WriteNumber("time_ms", line.Time.ToUnixTimeMilliseconds());
                w.WriteString("level", Level(line.Level));
                w.WriteString("logger", line.Logger);
                if (line.Task is { } lineTask)
                {
                    w.WriteNumber("task", lineTask);
                }
                else
                {
                    w.WriteNull("task");
                }

                w.WriteString("message", line.Message);
                w.WriteString("exception", line.Exception);
                w.WriteEndObject();
            }));
        }
    }

    private static Task WriteLinesAsync(HttpContext context, string connector, int? task, List<JsonElement> lines) =>
        ConnectJson.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("name", connector);
            if (task is { } number)
            {
                w.WriteNumber("task", number);
            }

            w.WriteStartArray("lines");
            foreach (var line in lines)
            {
                line.WriteTo(w);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary>What <paramref name="write"/> writes, as a JSON element (local and gathered entries are handled alike).</summary>
    private static JsonElement ToElement(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>The tasks' counters summed and their times' latest, read from the tasks' entries.</summary>
    private static void WriteTotals(Utf8JsonWriter w, string type, List<JsonElement> tasks)
    {
        foreach (var (counter, _) in Counters(type))
        {
            w.WriteNumber(counter, tasks.Sum(t => t.TryGetProperty(counter, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0));
        }

        foreach (var time in (string[])["last_activity", "last_error"])
        {
            WriteTime(w, time, tasks.Select(t => t.TryGetProperty(time + "_ms", out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0).DefaultIfEmpty(0).Max());
        }
    }

    private WorkStatus? State(string connector, int? task)
    {
        try
        {
            return task is { } number ? herder.TaskStatus(connector, number) : herder.Status(connector).Connector;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private static void WriteState(Utf8JsonWriter w, WorkStatus? status)
    {
        w.WriteString("state", status?.StateName ?? "UNASSIGNED");
        w.WriteString("worker_id", status?.WorkerId);
    }

    private static void WriteTask(Utf8JsonWriter w, string type, TaskId id, TaskMetrics metrics, WorkStatus? status)
    {
        w.WriteStartObject();
        w.WriteString("connector", id.Connector);
        w.WriteNumber("task", id.Task);
        WriteState(w, status);
        WriteCounters(w, type, metrics);
        if (type == "sink")
        {
            w.WriteStartArray("partitions");
            foreach (var partition in metrics.Partitions)
            {
                w.WriteStartObject();
                w.WriteString("topic", partition.Topic);
                w.WriteNumber("partition", partition.Partition);
                w.WriteNumber("end_offset", partition.EndOffset);
                w.WriteNumber("consumed_offset", partition.ConsumedOffset);
                w.WriteNumber("committed_offset", partition.CommittedOffset);
                w.WriteNumber("lag", partition.Lag);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    /// <summary>A task's counters and times.</summary>
    private static void WriteCounters(Utf8JsonWriter w, string type, TaskMetrics metrics)
    {
        foreach (var (name, value) in Counters(type))
        {
            w.WriteNumber(name, value(metrics));
        }

        WriteTime(w, "last_activity", metrics.LastActivityMs);
        WriteTime(w, "last_error", metrics.LastErrorMs);
    }

    private static IEnumerable<(string Name, Func<TaskMetrics, long> Value)> Counters(string type) =>
        (type == "sink" ? SinkCounters : SourceCounters).Concat(SharedCounters);

    /// <summary>"name" as ISO-8601 UTC and "name_ms" as Unix milliseconds; both null when it never happened.</summary>
    private static void WriteTime(Utf8JsonWriter w, string name, long ms)
    {
        if (ms <= 0)
        {
            w.WriteNull(name);
            w.WriteNull(name + "_ms");
            return;
        }

        w.WriteString(name, DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        w.WriteNumber(name + "_ms", ms);
    }

    private static string Level(Microsoft.Extensions.Logging.LogLevel level) => level switch
    {
        Microsoft.Extensions.Logging.LogLevel.Trace => "TRACE",
        Microsoft.Extensions.Logging.LogLevel.Debug => "DEBUG",
        Microsoft.Extensions.Logging.LogLevel.Information => "INFO",
        Microsoft.Extensions.Logging.LogLevel.Warning => "WARN",
        Microsoft.Extensions.Logging.LogLevel.Error => "ERROR",
        _ => "FATAL",
    };
}
