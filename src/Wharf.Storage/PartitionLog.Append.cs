using System.Buffers;
using Wharf.Protocol;
using Wharf.Protocol.Records;
using Wharf.Storage.IO;
using Wharf.Storage.Segments;

namespace Wharf.Storage;

public sealed partial class PartitionLog
{
    /// <summary>
    /// Validates and appends one record batch (magic 2), as Kafka's UnifiedLog.append with LogValidator's
    /// in-place path (section 2.3): the batch is stored as received except for its base offset and partition
    /// leader epoch, which are rewritten in <paramref name="batch"/>, and, on a LogAppendTime topic, its timestamp
    /// type and max timestamp (then the CRC is recomputed). Checks, in Kafka's order and with its error codes:
    /// exactly one whole batch; base offset 0 from clients; size against max.message.bytes (MESSAGE_TOO_LARGE)
    /// and segment.bytes (RECORD_LIST_TOO_LARGE); header, magic and CRC-32C (CORRUPT_MESSAGE); record count
    /// against the offset delta, no control or transactional batches from clients, a sequence with every
    /// producer id (INVALID_RECORD); no LogAppendTime from producers (INVALID_TIMESTAMP). Only when the topic asks
    /// for it are the records read (decompressed): keys on compacted topics (INVALID_RECORD), timestamps within
    /// message.timestamp.before/after.max.ms (INVALID_TIMESTAMP). Then the idempotent producer's sequence.
    /// A rejected batch leaves the log untouched. Thread-safe.
    /// </summary>
    public AppendResult Append(Span<byte> batch, int leaderEpoch, AppendOrigin origin)
    {
        var config = _topic.Config;
        var nowMs = NowMs();
        if (CheckBatch(batch, config, origin, nowMs) is { } rejected)
        {
            return rejected;
        }

        var header = new RecordBatchHeader(batch);
        AppendResult result;
        long unflushed;
        TaskCompletionSource? signal;
        lock (_lock)
        {
            if (_closed)
            {
                return AppendResult.Fail(ErrorCode.UnknownTopicOrPartition, $"Partition {Topic}-{Partition} no longer exists.");
            }

            if (origin == AppendOrigin.Client && header.HasProducerId)
            {
                var check = _producers.Check(header);
                if (check.Error != ErrorCode.None)
                {
                    return AppendResult.Fail(check.Error, check.Message!);
                }

                if (check.Duplicate is { } duplicate)
                {
                    // KIP-98: a retried batch is answered with the offsets it got the first time, and is not written again.
                    var originalAppendTime = config.MessageTimestampType == TimestampType.LogAppendTime ? duplicate.Timestamp : -1;
                    return new AppendResult(ErrorCode.None, null, duplicate.BaseOffset, duplicate.LastOffset, originalAppendTime, _logStartOffset);
                }
            }

            var appendTime = config.MessageTimestampType == TimestampType.LogAppendTime ? nowMs : -1;
            MaybeRoll(config, batch.Length, header.LastOffsetDelta, appendTime >= 0 ? appendTime : header.MaxTimestamp, nowMs);

            var baseOffset = _logEndOffset;
            RecordBatch.SetBaseOffset(batch, baseOffset);
            RecordBatch.SetPartitionLeaderEpoch(batch, leaderEpoch);
            if (appendTime >= 0)
            {
                RecordBatch.SetLogAppendTime(batch, appendTime);
            }

            header = new RecordBatchHeader(batch);
            try
            {
                Active.Append(batch, header, config.IndexIntervalBytes);
            }
            catch (IOException e)
            {
                StorageLog.AppendFailed(_logger, Topic, Partition, e);
                return AppendResult.Fail(ErrorCode.KafkaStorageError, $"Writing to the log of {Topic}-{Partition} failed: {e.Message}");
            }

            if (header.HasProducerId)
            {
                _producers.Update(header);
            }

            Volatile.Write(ref _logEndOffset, header.NextOffset);
            unflushed = header.NextOffset - _durableEndOffset;
            signal = Interlocked.Exchange(ref _appendSignal, null);
            result = new AppendResult(ErrorCode.None, null, baseOffset, header.LastOffset, appendTime, _logStartOffset);
        }

        signal?.TrySetResult();
        if (unflushed >= config.FlushMessages)
        {
            StartFlushInBackground();
        }

        return result;
    }

    /// <summary>The checks that need no lock; null when the batch may be appended.</summary>
    private static AppendResult? CheckBatch(ReadOnlySpan<byte> batch, TopicConfig config, AppendOrigin origin, long nowMs)
    {
        if (batch.Length < RecordBatchHeader.Size)
        {
            return AppendResult.Fail(ErrorCode.CorruptMessage, $"The record batch is {batch.Length} bytes, shorter than the 61-byte batch header.");
        }

        var declared = RecordBatchHeader.PeekTotalSize(batch);
        if (declared > batch.Length || declared < RecordBatchHeader.Size)
        {
            return AppendResult.Fail(ErrorCode.CorruptMessage, $"The record batch announces {declared} bytes but {batch.Length} were received.");
        }

        if (declared < batch.Length)
        {
            return AppendResult.Fail(ErrorCode.InvalidRecord, "Produce requests with version 3 and above must contain exactly one record batch.");
        }

        var header = new RecordBatchHeader(batch);
        if (header.Magic != RecordBatchHeader.CurrentMagic)
        {
            return AppendResult.Fail(ErrorCode.InvalidRecord, $"Only record batches of magic 2 are stored; this one has magic {header.Magic}.");
        }

        if (origin == AppendOrigin.Client && header.BaseOffset != 0)
        {
            return AppendResult.Fail(ErrorCode.InvalidRecord, $"The base offset of a produced record batch should be 0, but it is {header.BaseOffset}.");
        }

        if (batch.Length > config.MaxMessageBytes)
        {
            return AppendResult.Fail(ErrorCode.MessageTooLarge, $"The record batch is {batch.Length} bytes, larger than max.message.bytes ({config.MaxMessageBytes}).");
        }

        if (batch.Length > config.SegmentBytes)
        {
            return AppendResult.Fail(ErrorCode.RecordListTooLarge, $"The record batch is {batch.Length} bytes, larger than segment.bytes ({config.SegmentBytes}).");
        }

        switch (RecordBatch.Validate(batch))
        {
            case BatchValidationError.None:
                break;
            case BatchValidationError.CrcMismatch:
                return AppendResult.Fail(ErrorCode.CorruptMessage, $"The record batch fails its CRC-32C check (stored {header.Crc:x8}, computed {RecordBatch.ComputeCrc(batch):x8}).");
            case BatchValidationError.InvalidRecordCount:
                return AppendResult.Fail(ErrorCode.InvalidRecord, $"Invalid record count {header.RecordCount} for a batch with last offset delta {header.LastOffsetDelta}.");
            case var other:
                return AppendResult.Fail(ErrorCode.CorruptMessage, $"The record batch is malformed ({other}).");
        }

        if (origin == AppendOrigin.Client)
        {
            if ((long)header.LastOffsetDelta + 1 != header.RecordCount)
            {
                return AppendResult.Fail(ErrorCode.InvalidRecord, $"Inconsistent batch offset range [0, {header.LastOffsetDelta}] and count of records {header.RecordCount}.");
            }

            if (header.IsControl)
            {
                return AppendResult.Fail(ErrorCode.InvalidRecord, "Clients are not allowed to write control records.");
            }

            if (header.IsTransactional)
            {
                return AppendResult.Fail(ErrorCode.InvalidRecord, "Transactional record batches are not supported by this broker.");
            }

            if (header.HasProducerId && header.BaseSequence < 0)
            {
                return AppendResult.Fail(ErrorCode.InvalidRecord, $"Invalid sequence number {header.BaseSequence} in a record batch with producer id {header.ProducerId}.");
            }

            if (header.TimestampType == TimestampType.LogAppendTime)
            {
                return AppendResult.Fail(ErrorCode.InvalidTimestamp, "Producers may not set the timestamp type to LogAppendTime.");
            }
        }

        if (!NeedsRecordChecks(config))
        {
            return null;
        }

        // The record reader works on memory (records are views into it); the caller's span is copied once.
        var copy = ArrayPool<byte>.Shared.Rent(batch.Length);
        try
        {
            batch.CopyTo(copy);
            return CheckRecords(copy.AsMemory(0, batch.Length), config, nowMs);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>Whether the topic's configuration requires looking inside the batch (Kafka decompresses then too).</summary>
    private static bool NeedsRecordChecks(TopicConfig config) =>
        config.Compact
        || (config.MessageTimestampType == TimestampType.CreateTime
            && (config.MessageTimestampBeforeMaxMs != long.MaxValue || config.MessageTimestampAfterMaxMs != long.MaxValue));

    /// <summary>
    /// LogValidator's per-record checks, decompressing when needed: every record of a compacted topic needs a key
    /// (INVALID_RECORD), and CreateTime timestamps must lie within message.timestamp.before/after.max.ms of now
    /// (INVALID_TIMESTAMP). Records that cannot be read are CORRUPT_MESSAGE.
    /// </summary>
    private static AppendResult? CheckRecords(ReadOnlyMemory<byte> batch, TopicConfig config, long nowMs)
    {
        var earliest = config.MessageTimestampBeforeMaxMs == long.MaxValue ? long.MinValue : nowMs - config.MessageTimestampBeforeMaxMs;
        var latest = config.MessageTimestampAfterMaxMs == long.MaxValue ? long.MaxValue : nowMs + config.MessageTimestampAfterMaxMs;
        var checkTimestamps = config.MessageTimestampType == TimestampType.CreateTime;
        using var reader = new RecordBatchReader();
        if (reader.Open(batch) != RecordReadError.None)
        {
            return AppendResult.Fail(ErrorCode.CorruptMessage, $"The records of the batch cannot be read ({reader.Error}).");
        }

        var index = 0;
        while (reader.TryReadNext(out var record))
        {
            if (config.Compact && !record.HasKey)
            {
                return AppendResult.Fail(ErrorCode.InvalidRecord, $"Compacted topic cannot accept message without key (record {index}).");
            }

            // -1 is "no timestamp" (Kafka's RecordBatch.NO_TIMESTAMP), which Kafka does not range-check.
            if (checkTimestamps && record.Timestamp != -1 && (record.Timestamp < earliest || record.Timestamp > latest))
            {
                return AppendResult.Fail(ErrorCode.InvalidTimestamp, $"Timestamp {record.Timestamp} of record {index} is out of range. The timestamp should be within [{earliest}, {latest}].");
            }

            index++;
        }

        return reader.Error == RecordReadError.None
            ? null
            : AppendResult.Fail(ErrorCode.CorruptMessage, $"Record {index} of the batch is malformed ({reader.Error}).");
    }

    /// <summary>
    /// Rolls the active segment before an append when Kafka would (LogSegment.shouldRoll): the batch would take it
    /// past segment.bytes, its first batch is more than segment.ms older than the incoming one, an index is full,
    /// or the batch's offsets would not fit a 32-bit offset relative to the segment base. An empty segment never rolls.
    /// </summary>
    private void MaybeRoll(TopicConfig config, int batchSize, int lastOffsetDelta, long incomingTimestamp, long nowMs)
    {
        var active = Active;
        if (active.IsEmpty)
        {
            return;
        }

        var reason =
            active.Size + batchSize > config.SegmentBytes ? "segment.bytes reached"
            : SegmentAge(active, incomingTimestamp, nowMs) > config.SegmentMs ? "segment.ms elapsed"
            : active.Index.IsFull || active.TimeIndex.IsFull ? "index full"
            : _logEndOffset + lastOffsetDelta - active.BaseOffset > int.MaxValue ? "relative offsets would overflow"
            : null;
        if (reason is not null)
        {
            Roll(nowMs, reason);
        }
    }

    /// <summary>Kafka's LogSegment.timeWaitedForRoll: from the first batch's timestamp when there is one, else from creation.</summary>
    private static long SegmentAge(LogSegment segment, long timestamp, long nowMs) =>
        segment.FirstBatchTimestamp >= 0 ? timestamp - segment.FirstBatchTimestamp : nowMs - segment.CreatedMs;

    /// <summary>
    /// Seals the active segment (final time index entry, fsync of log and indexes, as Kafka flushes on roll) and
    /// starts a new one at the log end offset, with a producer state snapshot at that offset. Under the lock.
    /// </summary>
    private void Roll(long nowMs, string reason)
    {
        Active.Seal();
        var segment = LogSegment.Create(Directory, _logEndOffset, _topic.Config.SegmentIndexBytes, nowMs);
        DirectorySync.Sync(Directory);
        Volatile.Write(ref _segments, [.. _segments, segment]);
        Volatile.Write(ref _durableEndOffset, _logEndOffset);
        WriteProducerSnapshot(_logEndOffset);
        StorageLog.SegmentRolled(_logger, Topic, Partition, _logEndOffset, reason);
    }
}
