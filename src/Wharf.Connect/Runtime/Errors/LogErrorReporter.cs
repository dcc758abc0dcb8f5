using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Wharf.Connect.Runtime.Monitoring;

namespace Wharf.Connect.Runtime.Errors;

/// <summary>
/// errors.log.enable=true: logs each failure with Apache's wording (LogReporter), the record's coordinates (sink)
/// or the record itself (source) only with errors.log.include.messages=true.
/// </summary>
internal sealed class LogErrorReporter(TaskId id, bool includeMessages, ILogger logger, TaskMetrics metrics) : IErrorReporter
{
    public void Report(ProcessingContext context)
    {
        if (context.Error is null)
        {
            return;
        }

        ErrorLog.ErrorEncountered(logger, context.Error, Message(context));
        metrics.RecordErrorLogged();
    }

    private string Message(ProcessingContext context)
    {
        var builder = new StringBuilder("Error encountered in task ").Append(id.ToString()).Append(". Executing stage '")
            .Append(context.Stage.Name()).Append("' with class '").Append(context.ExecutingClass is null ? "null" : PluginClassName.Of(context.ExecutingClass)).Append('\'');
        if (includeMessages && context.Consumed is { } consumed)
        {
            builder.Append(", where consumed record is {topic='").Append(consumed.Topic).Append("', partition=").Append(consumed.Partition.Value.ToString(CultureInfo.InvariantCulture))
                .Append(", offset=").Append(consumed.Offset.Value.ToString(CultureInfo.InvariantCulture));
            if (consumed.Message.Timestamp.Type != Confluent.Kafka.TimestampType.NotAvailable)
            {
                builder.Append(", timestamp=").Append(consumed.Message.Timestamp.UnixTimestampMs.ToString(CultureInfo.InvariantCulture))
                    .Append(", timestampType=").Append(consumed.Message.Timestamp.Type == Confluent.Kafka.TimestampType.CreateTime ? "CreateTime" : "LogAppendTime");
            }

            builder.Append('}');
        }
        else if (includeMessages && context.Source is { } source)
        {
            builder.Append(", where source record is = ").Append(source);
        }

        return builder.Append('.').ToString();
    }
}

/// <summary>Log lines of error handling (event ids 35x).</summary>
internal static partial class ErrorLog
{
    [LoggerMessage(350, LogLevel.Error, "{Message}")]
    public static partial void ErrorEncountered(ILogger logger, Exception exception, string message);

    [LoggerMessage(351, LogLevel.Error, "Could not produce message to dead letter queue. topic={Topic}: {Reason}")]
    public static partial void DeadLetterQueueFailed(ILogger logger, string topic, string reason);

    [LoggerMessage(352, LogLevel.Warning, "Topic {Topic} doesn't exist. Will attempt to create topic.")]
    public static partial void CreatingDeadLetterQueue(ILogger logger, string topic);

    [LoggerMessage(353, LogLevel.Warning, "Task {Task} failed to poll records from its source task; will retry: {Reason}")]
    public static partial void PollRetried(ILogger logger, string task, string reason);

    [LoggerMessage(354, LogLevel.Warning, "Task {Task}: RetriableException from the sink task's put; the batch of {Count} records will be delivered again: {Reason}")]
    public static partial void PutRetried(ILogger logger, string task, int count, string reason);

    [LoggerMessage(355, LogLevel.Warning, "Task {Task} skipped a record that could not be written to topic {Topic} (errors.tolerance=all): {Reason}")]
    public static partial void ProduceSkipped(ILogger logger, string task, string topic, string reason);
}
