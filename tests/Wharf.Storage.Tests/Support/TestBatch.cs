using System.Buffers.Binary;
using System.Text;
using Wharf.Protocol.Records;

namespace Wharf.Storage.Tests.Support;

/// <summary>One record for <see cref="TestBatch"/>: null key or value allowed (a null value is a tombstone).</summary>
public sealed record TestRecord(string? Key, string? Value, long TimestampDelta = 0);

/// <summary>
/// Builds uncompressed magic-2 record batches as a producer sends them (base offset 0), for tests only: the
/// record layout of Kafka's DefaultRecord, zigzag varints, no headers.
/// </summary>
public static class TestBatch
{
    public static byte[] Create(int records = 1, long timestamp = 1_000, long producerId = -1, short producerEpoch = -1, int baseSequence = -1, int valueSize = 10) =>
        Create(
            Enumerable.Range(0, records).Select(i => new TestRecord("key-" + i, new string('v', valueSize))).ToArray(),
            timestamp,
            producerId,
            producerEpoch,
            baseSequence);

    public static byte[] Create(IReadOnlyList<TestRecord> records, long timestamp = 1_000, long producerId = -1, short producerEpoch = -1, int baseSequence = -1, short attributes = 0)
    {
        var body = new List<byte>();
        for (var i = 0; i < records.Count; i++)
        {
            body.AddRange(EncodeRecord(records[i], i));
        }

        var batch = new byte[RecordBatchHeader.Size + body.Count];
        var span = batch.AsSpan();
        BinaryPrimitives.WriteInt64BigEndian(span, 0);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.BatchLengthOffset..], batch.Length - RecordBatchHeader.LogOverhead);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.PartitionLeaderEpochOffset..], -1);
        span[RecordBatchHeader.MagicOffset] = 2;
        BinaryPrimitives.WriteInt16BigEndian(span[RecordBatchHeader.AttributesOffset..], attributes);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.LastOffsetDeltaOffset..], records.Count - 1);
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchHeader.BaseTimestampOffset..], timestamp);
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchHeader.MaxTimestampOffset..], timestamp + records.Max(r => r.TimestampDelta));
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchHeader.ProducerIdOffset..], producerId);
        BinaryPrimitives.WriteInt16BigEndian(span[RecordBatchHeader.ProducerEpochOffset..], producerEpoch);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.BaseSequenceOffset..], baseSequence);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.RecordCountOffset..], records.Count);
        body.CopyTo(batch, RecordBatchHeader.Size);
        RecordBatch.RewriteCrc(batch);
        return batch;
    }

    private static byte[] EncodeRecord(TestRecord record, int offsetDelta)
    {
        var content = new List<byte> { 0 };
        content.AddRange(Varlong(record.TimestampDelta));
        content.AddRange(Varint(offsetDelta));
        AddBytes(content, record.Key);
        AddBytes(content, record.Value);
        content.AddRange(Varint(0));
        var result = new List<byte>(Varint(content.Count));
        result.AddRange(content);
        return [.. result];
    }

    private static void AddBytes(List<byte> destination, string? text)
    {
        if (text is null)
        {
            destination.AddRange(Varint(-1));
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        destination.AddRange(Varint(bytes.Length));
        destination.AddRange(bytes);
    }

    private static byte[] Varint(int value)
    {
        var buffer = new byte[5];
        return buffer[..Wharf.Protocol.Primitives.Varint.WriteSigned32(buffer, value)];
    }

    private static byte[] Varlong(long value)
    {
        var buffer = new byte[10];
        return buffer[..Wharf.Protocol.Primitives.Varint.WriteSigned64(buffer, value)];
    }

    /// <summary>Splits a read result into its batches' headers.</summary>
    public static List<RecordBatchHeader> Headers(ReadOnlySpan<byte> records)
    {
        var headers = new List<RecordBatchHeader>();
        while (records.Length > 0)
        {
            var size = RecordBatchHeader.PeekTotalSize(records);
            Assert.Equal(BatchValidationError.None, RecordBatch.Validate(records[..size]));
            headers.Add(new RecordBatchHeader(records));
            records = records[size..];
        }

        return headers;
    }
}
