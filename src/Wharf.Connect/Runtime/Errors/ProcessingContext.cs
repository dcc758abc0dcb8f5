using Confluent.Kafka;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Runtime.Errors;

/// <summary>
/// The record a task is working on and how far it got (Apache's ProcessingContext): one instance per task, reset
/// for each record so that error handling costs nothing per record until something fails.
/// </summary>
internal sealed class ProcessingContext
{
    public ErrorStage Stage { get; private set; }

    public Type? ExecutingClass { get; private set; }

    public Exception? Error { get; set; }

    /// <summary>The consumed record as read from Kafka (sink tasks): what the dead letter queue receives.</summary>
    public ConsumeResult<byte[]?, byte[]?>? Consumed { get; private set; }

    /// <summary>The record as the source task returned it (source tasks).</summary>
    public SourceRecord? Source { get; private set; }

    public void Reset(ConsumeResult<byte[]?, byte[]?> consumed)
    {
        Consumed = consumed;
        Source = null;
        Error = null;
    }

    public void Reset(SourceRecord source)
    {
        Source = source;
        Consumed = null;
        Error = null;
    }

    public void Position(ErrorStage stage, Type executingClass)
    {
        Stage = stage;
        ExecutingClass = executingClass;
    }

    /// <summary>What is known of the failure, kept by the exception that fails the task.</summary>
    public FailedRecord Snapshot() => new(
        Stage,
        ExecutingClass is null ? "unknown" : PluginClassName.Of(ExecutingClass),
        Consumed?.Topic ?? Source?.Topic,
        Consumed is { } c ? c.Partition.Value : Source?.KafkaPartition,
        Consumed?.Offset.Value);
}

/// <summary>Where a record failed: the stage, the class at work, and the record's topic, partition and offset when known.</summary>
internal sealed record FailedRecord(ErrorStage Stage, string ClassName, string? Topic, int? Partition, long? Offset);
