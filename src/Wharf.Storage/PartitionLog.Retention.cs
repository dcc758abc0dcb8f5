using Wharf.Protocol;
using Wharf.Storage.Segments;

namespace Wharf.Storage;

public sealed partial class PartitionLog
{
    /// <summary>
    /// DeleteRecords: moves the log start offset to <paramref name="offset"/> (-1 means the high watermark, as in
    /// Kafka's DeleteRecordsRequest) and deletes the segments that lie wholly below it. OFFSET_OUT_OF_RANGE when
    /// the offset is past the high watermark; an offset at or below the current start changes nothing.
    /// </summary>
    public ErrorCode DeleteRecordsBefore(long offset)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return ErrorCode.UnknownTopicOrPartition;
            }

            if (offset < 0)
            {
                offset = _logEndOffset;
            }

            if (offset > _logEndOffset)
            {
                return ErrorCode.OffsetOutOfRange;
            }

            if (offset > _logStartOffset)
            {
                SetLogStartOffset(offset);
                DeleteSegments(BelowLogStart(), "DeleteRecords");
            }

            return ErrorCode.None;
        }
    }

    /// <summary>
    /// One retention pass (Kafka's UnifiedLog.deleteOldSegments). With cleanup.policy=delete: segments whose
    /// newest timestamp is older than retention.ms, oldest first, and then the oldest segments while the partition
    /// is larger than retention.bytes by at least their size. Always: segments wholly below the log start offset.
    /// The active segment is never deleted; when it alone has expired by time, it is rolled first (as Kafka does)
    /// so that its data can go. Idle producer ids are forgotten here too.
    /// </summary>
    internal void ApplyRetention(long nowMs, long producerIdExpirationMs)
    {
        var config = _topic.Config;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            if (config.Delete && config.RetentionMs >= 0)
            {
                var expired = ExpiredByTime(nowMs - config.RetentionMs);
                if (expired == _segments.Length && !Active.IsEmpty)
                {
                    Roll(nowMs, "retention.ms elapsed for the whole log");
                }

                DeleteSegments(Math.Min(expired, _segments.Length - 1), "retention.ms");
            }

            if (config.Delete && config.RetentionBytes >= 0)
            {
                DeleteSegments(OverRetentionBytes(config.RetentionBytes), "retention.bytes");
            }

            DeleteSegments(BelowLogStart(), "the log start offset");
            _producers.RemoveExpired(nowMs - producerIdExpirationMs);
        }
    }

    /// <summary>segment.ms for a partition nobody appends to: rolls the active segment once it is old enough, so retention can delete it.</summary>
    internal void RollIfDue(long nowMs)
    {
        lock (_lock)
        {
            if (!_closed && !Active.IsEmpty && SegmentAge(Active, nowMs, nowMs) > _topic.Config.SegmentMs)
            {
                Roll(nowMs, "segment.ms elapsed");
            }
        }
    }

    /// <summary>
    /// How many segments from the start have a newest timestamp before <paramref name="cutoff"/>; empty segments
    /// (left by compaction) count as expired, except an empty active one, which ends the count.
    /// </summary>
    private int ExpiredByTime(long cutoff)
    {
        var count = 0;
        while (count < _segments.Length)
        {
            var segment = _segments[count];
            var isActive = count == _segments.Length - 1;
            if ((isActive && segment.IsEmpty) || !(segment.IsEmpty || segment.MaxTimestamp < cutoff))
            {
                break;
            }

            count++;
        }

        return count;
    }

    private int OverRetentionBytes(long retentionBytes)
    {
        var excess = Size - retentionBytes;
        var count = 0;
        while (count < _segments.Length - 1 && excess - _segments[count].Size >= 0)
        {
            excess -= _segments[count].Size;
            count++;
        }

        return count;
    }

    /// <summary>How many segments lie wholly below the log start offset (their successor starts at or below it).</summary>
    private int BelowLogStart()
    {
        var count = 0;
        while (count < _segments.Length - 1 && _segments[count + 1].BaseOffset <= _logStartOffset)
        {
            count++;
        }

        return count;
    }

    /// <summary>Removes the first <paramref name="count"/> segments (never the active one) and deletes their files. Under the lock.</summary>
    private void DeleteSegments(int count, string reason)
    {
        count = Math.Min(count, _segments.Length - 1);
        if (count <= 0)
        {
            return;
        }

        var removed = _segments[..count];
        Volatile.Write(ref _segments, _segments[count..]);
        long bytes = 0;
        foreach (var segment in removed)
        {
            bytes += segment.Size;
            segment.Retire(deleteFiles: true);
        }

        if (_segments[0].BaseOffset > _logStartOffset)
        {
            SetLogStartOffset(_segments[0].BaseOffset);
        }

        StorageLog.SegmentsDeleted(_logger, Topic, Partition, count, bytes, reason, _logStartOffset);
    }

    /// <summary>Moves the log start offset and persists it (it can lie inside a segment after DeleteRecords). Under the lock.</summary>
    private void SetLogStartOffset(long offset)
    {
        Volatile.Write(ref _logStartOffset, offset);
        _producers.RemoveBelow(offset);
        WriteOffsetFile(LogStartCheckpointFile, offset);
    }
}
