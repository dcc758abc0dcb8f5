using System.Buffers;
using System.Buffers.Binary;
using Wharf.Protocol.Compression;
using Wharf.Protocol.Primitives;

namespace Wharf.Protocol.Records;

/// <summary>
/// Builds one record batch (magic 2): append records, then <see cref="WriteTo"/> writes the header (lengths,
/// deltas, max timestamp, CRC-32C) and the records, compressed as the options say. Records are encoded as they
/// are appended into a buffer rented from the array pool; <see cref="Reset"/> starts the next batch reusing it.
/// Uncompressed output is byte for byte what kafka-python's builder writes for the same input (the tests compare
/// against its batches). A compressed batch is always written compressed, as the Java client does (kafka-python
/// falls back to uncompressed when compression does not shrink the records). Not thread-safe.
/// <para>
/// Misuse (no records, offsets out of order) throws: callers control every input here.
/// </para>
/// </summary>
public sealed class RecordBatchBuilder : IDisposable
{
    private const int AttributesSize = 1;

    private readonly PooledBufferWriter _records = new();
    private readonly PooledBufferWriter _compressed = new();
    private long _baseTimestamp;
    private long _maxTimestamp;
    private long _lastOffset;

    public RecordBatchBuilder(RecordBatchOptions? options = null)
    {
        Options = options ?? RecordBatchOptions.Default;
    }

    public RecordBatchOptions Options { get; private set; }

    public int Count { get; private set; }

    /// <summary>The offset the next <see cref="Append(long, NullableBytes, NullableBytes, ReadOnlySpan{RecordHeader})"/>
    /// without an offset gives its record: the base offset, then one past the last record.</summary>
    public long NextOffset => Count == 0 ? Options.BaseOffset : _lastOffset + 1;

    /// <summary>The batch's size if written uncompressed, to keep batches under a size limit.</summary>
    public int UncompressedSize => RecordBatchHeader.Size + _records.WrittenCount;

    /// <summary>Forgets the records and starts a new batch, with new options if given.</summary>
    public void Reset(RecordBatchOptions? options = null)
    {
        _records.Reset();
        _compressed.Reset();
        Count = 0;
        Options = options ?? Options;
    }

    /// <summary>Appends a record at <see cref="NextOffset"/>. A null key or value is written as null (-1).</summary>
    public void Append(long timestamp, NullableBytes key, NullableBytes value, ReadOnlySpan<RecordHeader> headers = default) =>
        Append(NextOffset, timestamp, key, value, headers);

    /// <summary>Appends a record at <paramref name="offset"/>, which must be at least the base offset and above
    /// the last record's; gaps are allowed (compacted batches have them).</summary>
    public void Append(long offset, long timestamp, NullableBytes key, NullableBytes value, ReadOnlySpan<RecordHeader> headers = default)
    {
        var headersSize = 0;
        foreach (var header in headers)
        {
            headersSize += header.EncodedSize;
        }

        var target = AppendRecord(offset, timestamp, key, value, headers.Length, headersSize);
        foreach (var header in headers)
        {
            target = target[header.WriteTo(target)..];
        }
    }

    /// <summary>Appends a copy of a record read from another batch, with its offset, timestamp, key, value and
    /// headers (as log compaction rewrites kept records).</summary>
    public void Append(in Record record)
    {
        var encoded = record.Headers.Encoded;
        var target = AppendRecord(
            record.Offset,
            record.Timestamp,
            record.HasKey ? record.Key : NullableBytes.Null,
            record.HasValue ? record.Value : NullableBytes.Null,
            record.Headers.Count,
            encoded.Length);
        encoded.Span.CopyTo(target);
    }

    /// <summary>Writes the batch to <paramref name="output"/> and returns its size. The builder keeps its
    /// records, so the same batch can be written again.</summary>
    public int WriteTo(IBufferWriter<byte> output)
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("A record batch needs at least one record.");
        }

        var options = Options;
        var payload = _records.WrittenSpan;
        if (options.Compression != CompressionType.None)
        {
            _compressed.Reset();
            CompressionCodec.For(options.Compression).Compress(payload, _compressed, options.CompressionLevel);
            payload = _compressed.WrittenSpan;
        }

        var total = checked(RecordBatchHeader.Size + payload.Length);
        Span<byte> header = stackalloc byte[RecordBatchHeader.Size];
        BinaryPrimitives.WriteInt64BigEndian(header, options.BaseOffset);
        BinaryPrimitives.WriteInt32BigEndian(header[RecordBatchHeader.BatchLengthOffset..], total - RecordBatchHeader.LogOverhead);
        BinaryPrimitives.WriteInt32BigEndian(header[RecordBatchHeader.PartitionLeaderEpochOffset..], options.PartitionLeaderEpoch);
        header[RecordBatchHeader.MagicOffset] = RecordBatchHeader.CurrentMagic;
        var attributes = RecordBatchHeader.MakeAttributes(
            options.Compression,
            options.LogAppendTime.HasValue ? TimestampType.LogAppendTime : TimestampType.CreateTime,
            options.IsTransactional,
            options.IsControl,
            options.DeleteHorizon.HasValue);
        BinaryPrimitives.WriteInt16BigEndian(header[RecordBatchHeader.AttributesOffset..], attributes);
        BinaryPrimitives.WriteInt32BigEndian(header[RecordBatchHeader.LastOffsetDeltaOffset..], (int)(_lastOffset - options.BaseOffset));
        BinaryPrimitives.WriteInt64BigEndian(header[RecordBatchHeader.BaseTimestampOffset..], _baseTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(header[RecordBatchHeader.MaxTimestampOffset..], options.LogAppendTime ?? _maxTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(header[RecordBatchHeader.ProducerIdOffset..], options.ProducerId);
        BinaryPrimitives.WriteInt16BigEndian(header[RecordBatchHeader.ProducerEpochOffset..], options.ProducerEpoch);
        BinaryPrimitives.WriteInt32BigEndian(header[RecordBatchHeader.BaseSequenceOffset..], options.BaseSequence);
        BinaryPrimitives.WriteInt32BigEndian(header[RecordBatchHeader.RecordCountOffset..], Count);
        var crc = ~Crc32C.Append(Crc32C.Append(~0u, header[RecordBatchHeader.AttributesOffset..]), payload);
        BinaryPrimitives.WriteUInt32BigEndian(header[RecordBatchHeader.CrcOffset..], crc);

        output.Write(header);
        output.Write(payload);
        return total;
    }

    public void Dispose()
    {
        _records.Dispose();
        _compressed.Dispose();
    }

    /// <summary>
    /// Encodes a record up to its headers (DefaultRecord: length, attributes, timestamp delta, offset delta, key,
    /// value, header count), commits it, and returns the span where its <paramref name="headersSize"/> bytes of
    /// headers go.
    /// </summary>
    private Span<byte> AppendRecord(long offset, long timestamp, NullableBytes key, NullableBytes value, int headerCount, int headersSize)
    {
        var options = Options;
        if (offset < NextOffset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "Offsets must grow and start at the base offset " + options.BaseOffset + ".");
        }

        if (offset - options.BaseOffset > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "An offset delta must fit in an int32.");
        }

        if (Count == 0)
        {
            _baseTimestamp = options.DeleteHorizon ?? timestamp;
            _maxTimestamp = timestamp;
        }

        var timestampDelta = timestamp - _baseTimestamp;
        var offsetDelta = (int)(offset - options.BaseOffset);
        var bodySize = checked(AttributesSize
            + Varint.SizeOfSigned64(timestampDelta)
            + Varint.SizeOfSigned32(offsetDelta)
            + RecordEncoding.SizeOfField(key.EncodedLength)
            + RecordEncoding.SizeOfField(value.EncodedLength)
            + Varint.SizeOfSigned32(headerCount)
            + headersSize);
        var totalSize = checked(Varint.SizeOfSigned32(bodySize) + bodySize);

        var target = _records.GetSpan(totalSize)[..totalSize];
        var position = Varint.WriteSigned32(target, bodySize);
        target[position++] = 0; // record attributes: unused, always 0
        position += Varint.WriteSigned64(target[position..], timestampDelta);
        position += Varint.WriteSigned32(target[position..], offsetDelta);
        position += RecordEncoding.WriteField(target[position..], key);
        position += RecordEncoding.WriteField(target[position..], value);
        position += Varint.WriteSigned32(target[position..], headerCount);
        _records.Advance(totalSize);

        _lastOffset = offset;
        _maxTimestamp = Math.Max(_maxTimestamp, timestamp);
        Count++;
        return target[position..];
    }
}
