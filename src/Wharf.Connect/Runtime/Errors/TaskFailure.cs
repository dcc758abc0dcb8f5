using System.Globalization;
using System.Text;
using Wharf.Connect.Api;

namespace Wharf.Connect.Runtime.Errors;

/// <summary>Where a task was when it failed.</summary>
internal enum TaskPhase
{
    Starting,
    Running,
    Stopping,
}

/// <summary>
/// The trace a FAILED task reports: one plain sentence — what failed, on which record when known, what to do —
/// then the exception as .NET prints it (Apache reports only the Java stack trace; scripts that look for the
/// exception message in the trace still find it).
/// </summary>
internal static class TaskFailure
{
    public static string Trace(TaskId id, TaskPhase phase, Exception exception) => "Task " + id + " failed: " + Reason(id, phase, exception) + "\n" + exception;

    /// <summary>The explanation without its "Task c-n failed: " start (the task's log line has its own).</summary>
    public static string Reason(TaskId id, TaskPhase phase, Exception exception)
    {
        var restart = " then restart the task (POST /connectors/" + id.Connector + "/tasks/" + id.Task.ToString(CultureInfo.InvariantCulture) + "/restart).";
        var builder = new StringBuilder();
        switch (exception)
        {
            case ErrorHandlerException { Record: var record } handler:
                builder.Append(Doing(record)).Append(" failed");
                AppendWhere(builder, record);
                builder.Append(" with ").Append(Name(handler.InnerException)).Append(": ").Append(Sentence(handler.InnerException?.Message));
                if (handler.Message == ErrorHandlerException.ToleranceExceeded)
                {
                    builder.Append(" With errors.tolerance=none the first bad record stops the task. Fix the data or the converter/transformation settings, or set errors.tolerance=all to skip such records");
                    builder.Append(record.Stage is ErrorStage.KeyConverter or ErrorStage.ValueConverter or ErrorStage.HeaderConverter or ErrorStage.Transformation ? " (sinks can keep them in errors.deadletterqueue.topic.name)," : ",");
                }
                else
                {
                    builder.Append(" This kind of failure is never skipped by errors.tolerance. Fix its cause,");
                }

                break;
            case SinkPutException put:
                builder.Append("the sink task's put threw ").Append(Name(put.InnerException)).Append(" for a batch of ").Append(put.Count.ToString(CultureInfo.InvariantCulture))
                    .Append(put.Count == 1 ? " record" : " records").Append(put.First is { } first ? " starting at topic '" + first.Topic + "', partition " + first.Partition.ToString(CultureInfo.InvariantCulture) + ", offset " + first.Offset.ToString(CultureInfo.InvariantCulture) : string.Empty)
                    .Append(": ").Append(Sentence(put.InnerException?.Message)).Append(" The offsets of the batch were not committed: it is delivered again after the restart. Fix the cause in the system the connector writes to or in its configuration,");
                break;
            case ProducerFailedException produce:
                builder.Append("a record could not be written to Kafka topic '").Append(produce.Topic).Append("': ").Append(Sentence(produce.Reason))
                    .Append(" Check that the topic exists (or that the broker may create it) and the producer settings (producer.override.*), or set errors.tolerance=all to skip records Kafka refuses,");
                break;
            default:
                builder.Append(phase switch
                {
                    TaskPhase.Starting => "it could not start",
                    TaskPhase.Stopping => "it threw while stopping",
                    _ => "it threw while running",
                }).Append(": ").Append(Name(exception)).Append(": ").Append(Sentence(exception.Message))
                    .Append(phase == TaskPhase.Starting ? " Check the connector's configuration and the system it connects to," : " Fix the cause shown in the trace below,");
                break;
        }

        return builder.Append(restart).ToString();
    }

    private static string Doing(FailedRecord record) => record.Stage switch
    {
        ErrorStage.Transformation => "the transformation " + record.ClassName,
        ErrorStage.KeyConverter or ErrorStage.ValueConverter or ErrorStage.HeaderConverter => record.Stage.Describe() + " (" + record.ClassName + ")",
        _ => record.Stage.Describe(),
    };

    private static void AppendWhere(StringBuilder builder, FailedRecord record)
    {
        if (record.Topic is null)
        {
            return;
        }

        builder.Append(" on the record of topic '").Append(record.Topic).Append('\'');
        if (record.Partition is { } partition)
        {
            builder.Append(", partition ").Append(partition.ToString(CultureInfo.InvariantCulture));
        }

        if (record.Offset is { } offset)
        {
            builder.Append(", offset ").Append(offset.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string Name(Exception? exception) => exception?.GetType().Name ?? "an error";

    private static string Sentence(string? message)
    {
        var text = string.IsNullOrWhiteSpace(message) ? "(no message)" : message.ReplaceLineEndings(" ").Trim();
        return text.EndsWith('.') ? text : text + ".";
    }
}

/// <summary>A sink task's put threw something other than a RetriableException (Apache: "Exiting WorkerSinkTask due to unrecoverable exception.").</summary>
internal sealed class SinkPutException(Exception cause, int count, (string Topic, int Partition, long Offset)? first)
    : ConnectException("Exiting WorkerSinkTask due to unrecoverable exception.", cause)
{
    public int Count { get; } = count;

    public (string Topic, int Partition, long Offset)? First { get; } = first;
}

/// <summary>The producer reported a record it could not deliver (Apache: "Unrecoverable exception from producer send callback").</summary>
internal sealed class ProducerFailedException(string topic, string reason) : ConnectException("Unrecoverable exception from producer send callback: " + reason)
{
    public string Topic { get; } = topic;

    public string Reason { get; } = reason;
}
