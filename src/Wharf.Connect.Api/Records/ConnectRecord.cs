using Wharf.Connect.Api.Data;

namespace Wharf.Connect.Api.Records;

/// <summary>
/// What flows through Connect (Apache's ConnectRecord): a topic, an optional partition, key and value with their
/// schemas, an optional timestamp (ms since the epoch) and headers. Transformations make changed copies with
/// <see cref="NewRecord"/>, which keeps the concrete kind (source or sink) and its extra fields.
/// </summary>
public abstract class ConnectRecord
{
    protected ConnectRecord(string topic, int? kafkaPartition, Schema? keySchema, object? key, Schema? valueSchema, object? value, long? timestamp, ConnectHeaders? headers)
    {
        Topic = topic;
        KafkaPartition = kafkaPartition;
        KeySchema = keySchema;
        Key = key;
        ValueSchema = valueSchema;
        Value = value;
        Timestamp = timestamp;
        Headers = headers ?? new ConnectHeaders();
    }

    public string Topic { get; }

    public int? KafkaPartition { get; }

    public Schema? KeySchema { get; }

    public object? Key { get; }

    public Schema? ValueSchema { get; }

    public object? Value { get; }

    public long? Timestamp { get; }

    public ConnectHeaders Headers { get; }

    /// <summary>A copy of this record with the given parts replaced; the headers are copied unless given.</summary>
    public abstract ConnectRecord NewRecord(string topic, int? kafkaPartition, Schema? keySchema, object? key, Schema? valueSchema, object? value, long? timestamp, ConnectHeaders? headers = null);

    public override string ToString() =>
        GetType().Name + "{topic='" + Topic + "', kafkaPartition=" + (KafkaPartition?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null")
        + ", key=" + ValueEquality.Format(Key) + ", value=" + ValueEquality.Format(Value) + "}";
}

/// <summary>
/// A record produced by a source task: <see cref="SourcePartition"/> names where it came from (e.g. a file),
/// <see cref="SourceOffset"/> how far the task has read there. Both maps hold only primitive values; the worker
/// stores the offset once the record is written to Kafka.
/// </summary>
public sealed class SourceRecord : ConnectRecord
{
    public SourceRecord(
        IReadOnlyDictionary<string, object?>? sourcePartition,
        IReadOnlyDictionary<string, object?>? sourceOffset,
        string topic,
        int? kafkaPartition,
        Schema? keySchema,
        object? key,
        Schema? valueSchema,
        object? value,
        long? timestamp = null,
        ConnectHeaders? headers = null)
        : base(topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers)
    {
        SourcePartition = sourcePartition;
        SourceOffset = sourceOffset;
    }

    public SourceRecord(IReadOnlyDictionary<string, object?>? sourcePartition, IReadOnlyDictionary<string, object?>? sourceOffset, string topic, Schema? valueSchema, object? value)
        : this(sourcePartition, sourceOffset, topic, null, null, null, valueSchema, value)
    {
    }

    public IReadOnlyDictionary<string, object?>? SourcePartition { get; }

    public IReadOnlyDictionary<string, object?>? SourceOffset { get; }

    public override ConnectRecord NewRecord(string topic, int? kafkaPartition, Schema? keySchema, object? key, Schema? valueSchema, object? value, long? timestamp, ConnectHeaders? headers = null) =>
        new SourceRecord(SourcePartition, SourceOffset, topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers ?? Headers.Duplicate());
}

/// <summary>How the timestamp of a consumed record was set.</summary>
public enum TimestampType
{
    NoTimestampType,
    CreateTime,
    LogAppendTime,
}

/// <summary>A record consumed from Kafka and given to a sink task, with its partition and offset.</summary>
public sealed class SinkRecord : ConnectRecord
{
    public SinkRecord(string topic, int partition, Schema? keySchema, object? key, Schema? valueSchema, object? value, long kafkaOffset, long? timestamp = null, TimestampType timestampType = TimestampType.NoTimestampType, ConnectHeaders? headers = null)
        : base(topic, partition, keySchema, key, valueSchema, value, timestamp, headers)
    {
        KafkaOffset = kafkaOffset;
        TimestampType = timestampType;
    }

    public long KafkaOffset { get; }

    public TimestampType TimestampType { get; }

    public override ConnectRecord NewRecord(string topic, int? kafkaPartition, Schema? keySchema, object? key, Schema? valueSchema, object? value, long? timestamp, ConnectHeaders? headers = null) =>
        new SinkRecord(topic, kafkaPartition ?? KafkaPartition ?? 0, keySchema, key, valueSchema, value, KafkaOffset, timestamp, TimestampType, headers ?? Headers.Duplicate());
}

/// <summary>A Kafka topic partition, as sink tasks see it.</summary>
public readonly record struct TopicPartition(string Topic, int Partition);
