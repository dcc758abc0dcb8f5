using Microsoft.Extensions.Logging;
using Wharf.Connect.Api.Records;
using Wharf.Connect.Runtime.Errors;
using Wharf.Connect.Runtime.Monitoring;

namespace Wharf.Connect.Runtime.Sending;

/// <summary>
/// What a record Kafka did not take does to a source task (KIP-779): with errors.tolerance=all it is counted,
/// reported and skipped; otherwise the task fails with Apache's "Unrecoverable exception from producer send
/// callback". A failure found in an acknowledgement (possibly on librdkafka's delivery thread) is kept for the
/// task's loop, which throws it at its next send or commit.
/// </summary>
internal sealed class SourceSendFailures(TaskId id, RetryWithToleranceOperator errors, ProcessingContext context, TaskMetrics metrics, ILogger logger)
{
    private ProducerFailedException? _failure;

    /// <summary>
    /// A record the producer refused before sending it (a partition the topic lacks, a record too large): reported
    /// at the KAFKA_PRODUCE stage with the record's context; true when tolerated (the record is skipped). Called on
    /// the task's loop only (it uses the task's processing context).
    /// </summary>
    public bool TolerateRefused(SourceRecord original, Type producerClass, Exception error)
    {
        context.Reset(original);
        return errors.TolerateFailed(context, ErrorStage.KafkaProduce, producerClass, error);
    }

    /// <summary>A record Kafka did not acknowledge (any thread): skipped with errors.tolerance=all, else remembered.</summary>
    public void Failed(string topic, string reason)
    {
        if (errors.Config.TolerateAll)
        {
            metrics.RecordFailure();
            metrics.RecordSkipped();
            ErrorLog.ProduceSkipped(logger, id.ToString(), topic, reason);
        }
        else
        {
            Interlocked.CompareExchange(ref _failure, new ProducerFailedException(topic, reason), null);
        }
    }

    /// <summary>Throws the first failure remembered by <see cref="Failed"/>, if any.</summary>
    public void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure)
        {
            metrics.RecordFailure();
            throw failure;
        }
    }
}
