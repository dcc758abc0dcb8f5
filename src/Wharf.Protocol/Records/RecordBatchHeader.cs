using System.Buffers.Binary;

namespace Wharf.Protocol.Records;

/// <summary>
/// The fixed 61-byte header of a record batch, magic 2 (Kafka's DefaultRecordBatch). All integers are
/// big-endian. The CRC covers everything from <see cref="AttributesOffset"/> to the end of the batch, so the
/// broker can rewrite the base offset and the partition leader epoch without recomputing it.
/// </summary>
public readonly struct RecordBatchHeader
{
    public const int BaseOffsetOffset = 0;
    public const int BatchLengthOffset = 8;
    public const int PartitionLeaderEpochOffset = 12;
    public const int MagicOffset = 16;
    public const int CrcOffset = 17;
    public const int AttributesOffset = 21;
    public const int LastOffsetDeltaOffset = 23;
    public const int BaseTimestampOffset = 27;
    public const int MaxTimestampOffset = 35;
    public const int ProducerIdOffset = 43;
    public const int ProducerEpochOffset = 51;
    public const int BaseSequenceOffset = 53;
    public const int RecordCountOffset = 57;

    /// <summary>The fixed header size; the records follow.</summary>
    public const int Size = 61;

    /// <summary>baseOffset and batchLength: the bytes not counted by batchLength.</summary>
    public const int LogOverhead = 12;

    public const byte CurrentMagic = 2;

    private const short CompressionMask = 0x07;
    private const short TimestampTypeFlag = 0x08;
    private const short TransactionalFlag = 0x10;
    private const short ControlFlag = 0x20;
    private const short DeleteHorizonFlag = 0x40;

    public RecordBatchHeader(ReadOnlySpan<byte> batch)
    {
        BaseOffset = BinaryPrimitives.ReadInt64BigEndian(batch);
        BatchLength = BinaryPrimitives.ReadInt32BigEndian(batch[BatchLengthOffset..]);
        PartitionLeaderEpoch = BinaryPrimitives.ReadInt32BigEndian(batch[PartitionLeaderEpochOffset..]);
        Magic = (sbyte)batch[MagicOffset];
        Crc = BinaryPrimitives.ReadUInt32BigEndian(batch[CrcOffset..]);
        Attributes = BinaryPrimitives.ReadInt16BigEndian(batch[AttributesOffset..]);
        LastOffsetDelta = BinaryPrimitives.ReadInt32BigEndian(batch[LastOffsetDeltaOffset..]);
        BaseTimestamp = BinaryPrimitives.ReadInt64BigEndian(batch[BaseTimestampOffset..]);
        MaxTimestamp = BinaryPrimitives.ReadInt64BigEndian(batch[MaxTimestampOffset..]);
        ProducerId = BinaryPrimitives.ReadInt64BigEndian(batch[ProducerIdOffset..]);
        ProducerEpoch = BinaryPrimitives.ReadInt16BigEndian(batch[ProducerEpochOffset..]);
        BaseSequence = BinaryPrimitives.ReadInt32BigEndian(batch[BaseSequenceOffset..]);
        RecordCount = BinaryPrimitives.ReadInt32BigEndian(batch[RecordCountOffset..]);
    }

    public long BaseOffset { get; }

    /// <summary>Bytes after the length field: the whole batch is <c>BatchLength + 12</c> bytes.</summary>
    public int BatchLength { get; }

    public int PartitionLeaderEpoch { get; }

    public sbyte Magic { get; }

    public uint Crc { get; }

    public short Attributes { get; }

    public int LastOffsetDelta { get; }

    public long BaseTimestamp { get; }

    public long MaxTimestamp { get; }

    public long ProducerId { get; }

    public short ProducerEpoch { get; }

    public int BaseSequence { get; }

    public int RecordCount { get; }

    public int TotalSize => BatchLength + LogOverhead;

    public long LastOffset => BaseOffset + LastOffsetDelta;

    public long NextOffset => LastOffset + 1;

    public CompressionType Compression => (CompressionType)(Attributes & CompressionMask);

    public TimestampType TimestampType => (Attributes & TimestampTypeFlag) != 0 ? TimestampType.LogAppendTime : TimestampType.CreateTime;

    public bool IsTransactional => (Attributes & TransactionalFlag) != 0;

    public bool IsControl => (Attributes & ControlFlag) != 0;

    /// <summary>Set by compaction when the base timestamp holds the tombstone delete horizon (KIP-534).</summary>
    public bool HasDeleteHorizon => (Attributes & DeleteHorizonFlag) != 0;

    public bool HasProducerId => ProducerId >= 0;

    /// <summary>Reads the header when at least <see cref="Size"/> bytes are present.</summary>
    public static bool TryRead(ReadOnlySpan<byte> batch, out RecordBatchHeader header)
    {
        if (batch.Length < Size)
        {
            header = default;
            return false;
        }

        header = new RecordBatchHeader(batch);
        return true;
    }

    /// <summary>The total size of the batch starting at <paramref name="data"/>, or -1 when fewer than 12 bytes are there.</summary>
    public static int PeekTotalSize(ReadOnlySpan<byte> data) =>
        data.Length < LogOverhead ? -1 : BinaryPrimitives.ReadInt32BigEndian(data[BatchLengthOffset..]) + LogOverhead;

    public static long PeekBaseOffset(ReadOnlySpan<byte> data) => BinaryPrimitives.ReadInt64BigEndian(data);

    public static short MakeAttributes(CompressionType compression, TimestampType timestampType = TimestampType.CreateTime, bool transactional = false, bool control = false, bool deleteHorizon = false) =>
        (short)((int)compression
            | (timestampType == TimestampType.LogAppendTime ? TimestampTypeFlag : 0)
            | (transactional ? TransactionalFlag : 0)
            | (control ? ControlFlag : 0)
            | (deleteHorizon ? DeleteHorizonFlag : 0));
}
