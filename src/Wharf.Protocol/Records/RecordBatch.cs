using System.Buffers.Binary;

namespace Wharf.Protocol.Records;

/// <summary>What is wrong with a record batch, if anything.</summary>
public enum BatchValidationError
{
    None,

    /// <summary>Fewer bytes than the 61-byte header, or than the batch length announces.</summary>
    Truncated,

    /// <summary>The batch length is smaller than a header or larger than the bytes given.</summary>
    InvalidLength,

    /// <summary>Not magic 2; older message formats are not stored.</summary>
    UnsupportedMagic,

    CrcMismatch,

    /// <summary>Record count below one, or lastOffsetDelta not equal to count - 1 for a fresh batch.</summary>
    InvalidRecordCount,

    UnknownCompression,
}

/// <summary>Checks and in-place edits on a serialized record batch (magic 2).</summary>
public static class RecordBatch
{
    /// <summary>
    /// Validates one batch exactly filling <paramref name="batch"/>: header present, length consistent, magic 2,
    /// CRC-32C matching, a positive record count and a known compression codec.
    /// </summary>
    public static BatchValidationError Validate(ReadOnlySpan<byte> batch)
    {
        if (batch.Length < RecordBatchHeader.Size)
        {
            return BatchValidationError.Truncated;
        }

        var total = RecordBatchHeader.PeekTotalSize(batch);
        if (total < RecordBatchHeader.Size || total != batch.Length)
        {
            return total > batch.Length ? BatchValidationError.Truncated : BatchValidationError.InvalidLength;
        }

        var header = new RecordBatchHeader(batch);
        if (header.Magic != RecordBatchHeader.CurrentMagic)
        {
            return BatchValidationError.UnsupportedMagic;
        }

        if (ComputeCrc(batch) != header.Crc)
        {
            return BatchValidationError.CrcMismatch;
        }

        if (header.RecordCount <= 0 || header.LastOffsetDelta < 0)
        {
            return BatchValidationError.InvalidRecordCount;
        }

        if ((int)header.Compression > (int)CompressionType.Zstd)
        {
            return BatchValidationError.UnknownCompression;
        }

        return BatchValidationError.None;
    }

    /// <summary>The CRC-32C of a batch as it should be stored in its header (attributes to end).</summary>
    public static uint ComputeCrc(ReadOnlySpan<byte> batch) => Crc32C.Compute(batch[RecordBatchHeader.AttributesOffset..]);

    public static void SetBaseOffset(Span<byte> batch, long baseOffset) =>
        BinaryPrimitives.WriteInt64BigEndian(batch, baseOffset);

    public static void SetPartitionLeaderEpoch(Span<byte> batch, int epoch) =>
        BinaryPrimitives.WriteInt32BigEndian(batch[RecordBatchHeader.PartitionLeaderEpochOffset..], epoch);

    /// <summary>
    /// Marks the batch as LogAppendTime with <paramref name="timestamp"/> as its max timestamp, as a topic with
    /// message.timestamp.type=LogAppendTime requires; both fields are inside the CRC, so it is recomputed.
    /// </summary>
    public static void SetLogAppendTime(Span<byte> batch, long timestamp)
    {
        var attributes = BinaryPrimitives.ReadInt16BigEndian(batch[RecordBatchHeader.AttributesOffset..]);
        attributes |= 0x08;
        BinaryPrimitives.WriteInt16BigEndian(batch[RecordBatchHeader.AttributesOffset..], attributes);
        BinaryPrimitives.WriteInt64BigEndian(batch[RecordBatchHeader.MaxTimestampOffset..], timestamp);
        RewriteCrc(batch);
    }

    public static void RewriteCrc(Span<byte> batch) =>
        BinaryPrimitives.WriteUInt32BigEndian(batch[RecordBatchHeader.CrcOffset..], ComputeCrc(batch));
}
