using System.Globalization;
using System.Text.Json;
using Wharf.Connect.Runtime;
using Wharf.Connect.Runtime.Monitoring;

namespace Wharf.Connect.Rest;

/// <summary>
/// Wharf's additions beyond Apache's REST API: GET /connectors/{c}/metrics, /connectors/{c}/tasks/{t}/metrics,
/// /connectors/{c}/logs and /connectors/{c}/tasks/{t}/logs. They report what runs on the worker answering.
/// Unknown connectors and tasks get Apache's 404 bodies.
/// </summary>
internal sealed class MonitoringEndpoints(ConnectHerder herder)
{
    public const int DefaultLogLimit = 200;

    public Task ConnectorMetricsAsync(HttpContext context, string connector)
    {
        var info = herder.Info(connector);
        var tasks = info.Tasks.Select(id => (Id: id, Metrics: herder.Monitor.Find(id) ?? new TaskMetrics())).ToList();
        return ConnectJson.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("name", connector);
            w.WriteString("type", info.Type);
            WriteState(w, State(connector, null));
            w.WriteStartObject("totals");
            WriteCounters(w, info.Type, tasks.Select(t => t.Metrics).ToArray());
            w.WriteEndObject();
            w.WriteStartArray("tasks");
            foreach (var (id, metrics) in tasks)
            {
                WriteTask(w, info.Type, id, metrics, State(connector, id.Task));
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public Task TaskMetricsAsync(HttpContext context, string connector, int task)
    {
        var (info, id) = Task(connector, task);
        var metrics = herder.Monitor.Find(id) ?? new TaskMetrics();
        return ConnectJson.WriteAsync(context, 200, w => WriteTask(w, info.Type, id, metrics, State(connector, task)));
    }

    public Task ConnectorLogsAsync(HttpContext context, string connector)
    {
        herder.Info(connector);
        return WriteLogsAsync(context, connector, null);
    }

    public Task TaskLogsAsync(HttpContext context, string connector, int task)
    {
        Task(connector, task);
        return WriteLogsAsync(context, connector, task);
    }

    private (ConnectorInfo Info, TaskId Id) Task(string connector, int task)
    {
        var info = herder.Info(connector);
        var id = new TaskId(connector, task);
        return info.Tasks.Contains(id) ? (info, id) : throw new NotFoundException("Unknown task: " + id);
    }

    private Task WriteLogsAsync(HttpContext context, string connector, int? task)
    {
        var limit = DefaultLogLimit;
        if (context.Request.Query["limit"].FirstOrDefault() is { } text
            && (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit < 0))
        {
            throw new BadRequestException("Invalid value " + text + " for limit: must be a whole number, 0 or more");
        }

        var lines = herder.Monitor.Logs(connector)?.Recent(limit, task) ?? [];
        return ConnectJson.WriteAsync(context, 200, w =>
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
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
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
        WriteCounters(w, type, [metrics]);
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

    /// <summary>The counters summed over <paramref name="tasks"/>; times are the latest.</summary>
    private static void WriteCounters(Utf8JsonWriter w, string type, TaskMetrics[] tasks)
    {
        if (type == "sink")
        {
            w.WriteNumber("records_read", tasks.Sum(t => t.RecordsRead));
            w.WriteNumber("records_put", tasks.Sum(t => t.RecordsPut));
            w.WriteNumber("lag", tasks.Sum(t => t.Partitions.Sum(p => p.Lag)));
        }
        else
        {
            w.WriteNumber("records_polled", tasks.Sum(t => t.RecordsPolled));
            w.WriteNumber("records_written", tasks.Sum(t => t.RecordsWritten));
        }

        w.WriteNumber("records_skipped", tasks.Sum(t => t.RecordsSkipped));
        w.WriteNumber("errors_total", tasks.Sum(t => t.ErrorsTotal));
        w.WriteNumber("retries", tasks.Sum(t => t.Retries));
        w.WriteNumber("errors_logged", tasks.Sum(t => t.ErrorsLogged));
        w.WriteNumber("dlq_records", tasks.Sum(t => t.DeadLetterQueueRecords));
        w.WriteNumber("dlq_failures", tasks.Sum(t => t.DeadLetterQueueFailures));
        w.WriteNumber("offset_commits", tasks.Sum(t => t.OffsetCommits));
        w.WriteNumber("offset_commit_failures", tasks.Sum(t => t.OffsetCommitFailures));
        WriteTime(w, "last_activity", tasks.Length == 0 ? 0 : tasks.Max(t => t.LastActivityMs));
        WriteTime(w, "last_error", tasks.Length == 0 ? 0 : tasks.Max(t => t.LastErrorMs));
    }

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
