using Confluent.Kafka;
using Wharf.Clients.Consuming;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Runtime.Errors;

/// <summary>
/// The record a task is working on and how far it got (Apache's ProcessingContext): one instance per task, reset
/// for each record so that error handling costs nothing per record until something fails.
/// </summary>
internal sealed class ProcessingContext
{
    private PolledRecord? _polled;
    private ConsumeResult<byte[]?, byte[]?>? _consumed;

    public ErrorStage Stage { get; private set; }

    public Type? ExecutingClass { get; private set; }

    public Exception? Error { get; set; }

    /// <summary>
    /// The consumed record as read from Kafka (sink tasks): what the dead letter queue receives. Made from the
    /// polled record only when asked for (error handling), so only while that record is alive: within the
    /// converter, transformation and reporter calls for it.
    /// </summary>
    public ConsumeResult<byte[]?, byte[]?>? Consumed => _consumed ??= _polled is { } polled ? ToConsumeResult(polled) : null;

    /// <summary>The record as the source task returned it (source tasks).</summary>
    public SourceRecord? Source { get; private set; }

    /// <summary>Starts on a polled record, which must stay undisposed until <see cref="Release"/>.</summary>
    public void Reset(PolledRecord polled)
    {
        _polled = polled;
        _consumed = null;
        Source = null;
        Error = null;
    }

    /// <summary>Lets go of the polled record before it is disposed.</summary>
    public void Release()
    {
        _polled = null;
        _consumed = null;
    }

    public void Reset(SourceRecord source)
    {
        Release();
        Source = source;
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

    private static ConsumeResult<byte[]?, byte[]?> ToConsumeResult(PolledRecord polled)
    {
        var headers = new Headers();
        for (var i = 0; i < polled.HeaderCount; i++)
        {
            var name = polled.HeaderAt(i, out var bytes, out var isNull);
            headers.Add(name, isNull ? null : bytes.ToArray());
        }

        return new ConsumeResult<byte[]?, byte[]?>
        {
            TopicPartitionOffset = new TopicPartitionOffset(polled.Topic, polled.Partition, polled.Offset),
            Message = new Message<byte[]?, byte[]?> { Key = polled.KeyArray(), Value = polled.ValueArray(), Headers = headers, Timestamp = polled.Timestamp },
        };
    }
}

/// <summary>Where a record failed: the stage, the class at work, and the record's topic, partition and offset when known.</summary>
internal sealed record FailedRecord(ErrorStage Stage, string ClassName, string? Topic, int? Partition, long? Offset);
