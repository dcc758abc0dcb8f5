namespace Wharf.Protocol.Records;

/// <summary>
/// A view of one record read from a batch (Kafka's DefaultRecord, magic 2). Key, value and headers are slices of
/// the batch's buffer, or of the reader's decompression buffer for a compressed batch: they stay valid until the
/// reader opens another batch or is disposed. Copy what must outlive that.
/// </summary>
public readonly struct Record
{
    internal Record(long offset, long timestamp, NullableBytes key, NullableBytes value, RecordHeaders headers, int sizeInBytes)
    {
        Offset = offset;
        Timestamp = timestamp;
        Key = key.Memory;
        HasKey = key.HasValue;
        Value = value.Memory;
        HasValue = value.HasValue;
        Headers = headers;
        SizeInBytes = sizeInBytes;
    }

    /// <summary>The batch's base offset plus the record's offset delta.</summary>
    public long Offset { get; }

    /// <summary>The batch's base timestamp plus the record's delta, or the batch's max timestamp when the batch
    /// is LogAppendTime (as Kafka's consumers see it).</summary>
    public long Timestamp { get; }

    /// <summary>The key; empty when null (see <see cref="HasKey"/>).</summary>
    public ReadOnlyMemory<byte> Key { get; }

    /// <summary>False for a null key.</summary>
    public bool HasKey { get; }

    /// <summary>The value; empty when null (see <see cref="HasValue"/>).</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>False for a null value: a tombstone on a compacted topic.</summary>
    public bool HasValue { get; }

    public RecordHeaders Headers { get; }

    /// <summary>The record's encoded size, its length prefix included.</summary>
    public int SizeInBytes { get; }
}
