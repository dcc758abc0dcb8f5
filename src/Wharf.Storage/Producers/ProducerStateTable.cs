using System.Buffers.Binary;
using Wharf.Protocol;
using Wharf.Protocol.Records;

namespace Wharf.Storage.Producers;

/// <summary>The outcome of checking an idempotent batch against the producer's state.</summary>
internal readonly record struct SequenceCheck(ErrorCode Error, string? Message, ProducerBatch? Duplicate)
{
    public static SequenceCheck Accept => default;
}

/// <summary>
/// Idempotent producer state of one partition (KIP-98, section 5.1): per producer id, its epoch and last five
/// batches. Rules, as Kafka's UnifiedLog.analyzeAndValidateProducerState and ProducerAppendInfo:
/// a batch equal to a retained one (same epoch, first and last sequence) is a duplicate and is answered with the
/// original offset; an older epoch is INVALID_PRODUCER_EPOCH; a new epoch must start at sequence 0; otherwise the
/// first sequence must follow the last one (wrapping after int32 max) or it is OUT_OF_ORDER_SEQUENCE_NUMBER;
/// a producer the partition does not know (new, expired, or removed with its data) may start at any sequence.
/// Not thread-safe: the partition lock guards it.
/// </summary>
internal sealed class ProducerStateTable
{
    private const int SnapshotMagic = 0x57505331; // "WPS1"
    private const short SnapshotVersion = 1;
    private const int SnapshotHeaderSize = 4 + 2 + 4;
    private const int EntryHeaderSize = 8 + 2 + 1;
    private const int BatchSize = 4 + 4 + 8 + 4 + 8;

    private readonly Dictionary<long, ProducerStateEntry> _producers = [];

    public int Count => _producers.Count;

    public static int LastSequence(int baseSequence, int lastOffsetDelta) =>
        baseSequence > int.MaxValue - lastOffsetDelta
            ? lastOffsetDelta - (int.MaxValue - baseSequence) - 1
            : baseSequence + lastOffsetDelta;

    public SequenceCheck Check(in RecordBatchHeader batch)
    {
        if (!_producers.TryGetValue(batch.ProducerId, out var entry))
        {
            return SequenceCheck.Accept;
        }

        var firstSequence = batch.BaseSequence;
        var lastSequence = LastSequence(firstSequence, batch.LastOffsetDelta);
        if (batch.ProducerEpoch == entry.Epoch && entry.TryFindDuplicate(firstSequence, lastSequence, out var duplicate))
        {
            return new SequenceCheck(ErrorCode.None, null, duplicate);
        }

        if (batch.ProducerEpoch < entry.Epoch)
        {
            return new SequenceCheck(
                ErrorCode.InvalidProducerEpoch,
                $"Epoch {batch.ProducerEpoch} of producer {batch.ProducerId} is older than its last seen epoch {entry.Epoch}.",
                null);
        }

        if (batch.ProducerEpoch != entry.Epoch)
        {
            return firstSequence == 0
                ? SequenceCheck.Accept
                : new SequenceCheck(
                    ErrorCode.OutOfOrderSequenceNumber,
                    $"Producer {batch.ProducerId} started epoch {batch.ProducerEpoch} at sequence {firstSequence}; a new epoch must start at 0.",
                    null);
        }

        if (entry.Newest is not { } newest)
        {
            return SequenceCheck.Accept;
        }

        var expected = newest.LastSequence == int.MaxValue ? 0 : newest.LastSequence + 1;
        return firstSequence == expected
            ? SequenceCheck.Accept
            : new SequenceCheck(
                ErrorCode.OutOfOrderSequenceNumber,
                $"Out of order sequence number for producer {batch.ProducerId}: {firstSequence} (incoming), {newest.LastSequence} (last appended).",
                null);
    }

    /// <summary>Records a batch appended (or found while rebuilding the state from the log).</summary>
    public void Update(in RecordBatchHeader batch)
    {
        if (!_producers.TryGetValue(batch.ProducerId, out var entry))
        {
            entry = new ProducerStateEntry(batch.ProducerEpoch);
            _producers.Add(batch.ProducerId, entry);
        }

        entry.Add(batch.ProducerEpoch, new ProducerBatch(
            batch.BaseSequence,
            LastSequence(batch.BaseSequence, batch.LastOffsetDelta),
            batch.BaseOffset,
            batch.LastOffsetDelta,
            batch.MaxTimestamp));
    }

    /// <summary>Forgets producers idle since before <paramref name="expiredBeforeMs"/> (producer.id.expiration.ms).</summary>
    public int RemoveExpired(long expiredBeforeMs) => RemoveWhere(e => e.LastTimestamp < expiredBeforeMs);

    /// <summary>Forgets producers whose every batch lies below the log start offset (retention or DeleteRecords removed them), as Kafka does.</summary>
    public int RemoveBelow(long logStartOffset) => RemoveWhere(e => e.Newest is not { } newest || newest.LastOffset < logStartOffset);

    private int RemoveWhere(Func<ProducerStateEntry, bool> predicate)
    {
        var removed = 0;
        foreach (var (producerId, entry) in _producers)
        {
            if (predicate(entry))
            {
                _producers.Remove(producerId);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>
    /// Serializes the table: magic, version, producer count, then per producer its id, epoch and retained
    /// batches, all big-endian, followed by a CRC-32C of everything before it.
    /// </summary>
    public byte[] ToSnapshot()
    {
        var size = SnapshotHeaderSize + 4;
        foreach (var entry in _producers.Values)
        {
            size += EntryHeaderSize + (entry.Count * BatchSize);
        }

        var bytes = new byte[size];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(span, SnapshotMagic);
        BinaryPrimitives.WriteInt16BigEndian(span[4..], SnapshotVersion);
        BinaryPrimitives.WriteInt32BigEndian(span[6..], _producers.Count);
        var at = SnapshotHeaderSize;
        foreach (var (producerId, entry) in _producers)
        {
            BinaryPrimitives.WriteInt64BigEndian(span[at..], producerId);
            BinaryPrimitives.WriteInt16BigEndian(span[(at + 8)..], entry.Epoch);
            span[at + 10] = (byte)entry.Count;
            at += EntryHeaderSize;
            foreach (var batch in entry.Batches)
            {
                BinaryPrimitives.WriteInt32BigEndian(span[at..], batch.FirstSequence);
                BinaryPrimitives.WriteInt32BigEndian(span[(at + 4)..], batch.LastSequence);
                BinaryPrimitives.WriteInt64BigEndian(span[(at + 8)..], batch.BaseOffset);
                BinaryPrimitives.WriteInt32BigEndian(span[(at + 16)..], batch.OffsetDelta);
                BinaryPrimitives.WriteInt64BigEndian(span[(at + 20)..], batch.Timestamp);
                at += BatchSize;
            }
        }

        BinaryPrimitives.WriteUInt32BigEndian(span[at..], Crc32C.Compute(span[..at]));
        return bytes;
    }

    /// <summary>Replaces the table with a snapshot's content; false (table left empty) when the snapshot is damaged.</summary>
    public bool TryLoadSnapshot(ReadOnlySpan<byte> snapshot)
    {
        _producers.Clear();
        if (snapshot.Length < SnapshotHeaderSize + 4
            || BinaryPrimitives.ReadUInt32BigEndian(snapshot[^4..]) != Crc32C.Compute(snapshot[..^4])
            || BinaryPrimitives.ReadInt32BigEndian(snapshot) != SnapshotMagic
            || BinaryPrimitives.ReadInt16BigEndian(snapshot[4..]) != SnapshotVersion)
        {
            return false;
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(snapshot[6..]);
        var body = snapshot[SnapshotHeaderSize..^4];
        if (count < 0 || count > body.Length / EntryHeaderSize)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            if (body.Length < EntryHeaderSize)
            {
                _producers.Clear();
                return false;
            }

            var producerId = BinaryPrimitives.ReadInt64BigEndian(body);
            var epoch = BinaryPrimitives.ReadInt16BigEndian(body[8..]);
            int batches = body[10];
            body = body[EntryHeaderSize..];
            if (batches > ProducerStateEntry.BatchesToRetain || body.Length < batches * BatchSize)
            {
                _producers.Clear();
                return false;
            }

            var entry = new ProducerStateEntry(epoch);
            for (var b = 0; b < batches; b++)
            {
                entry.Add(epoch, new ProducerBatch(
                    BinaryPrimitives.ReadInt32BigEndian(body),
                    BinaryPrimitives.ReadInt32BigEndian(body[4..]),
                    BinaryPrimitives.ReadInt64BigEndian(body[8..]),
                    BinaryPrimitives.ReadInt32BigEndian(body[16..]),
                    BinaryPrimitives.ReadInt64BigEndian(body[20..])));
                body = body[BatchSize..];
            }

            _producers[producerId] = entry;
        }

        if (!body.IsEmpty)
        {
            _producers.Clear();
            return false;
        }

        return true;
    }
}
