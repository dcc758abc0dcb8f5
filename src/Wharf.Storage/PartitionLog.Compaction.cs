using Wharf.Storage.Cleaner;
using Wharf.Storage.Segments;

namespace Wharf.Storage;

/// <summary>
/// Compaction (cleanup.policy=compact, also "compact,delete"). The cleanable part of the log is every segment
/// before the active one, stopping at the first segment with records younger than min.compaction.lag.ms. Its
/// dirty part starts at the cleaner checkpoint (the end of the last pass, persisted). A pass runs when the dirty
/// part is at least min.cleanable.dirty.ratio of the cleanable part, or when its oldest batch is older than
/// max.compaction.lag.ms. The heavy work runs outside the partition lock on leased segments; only the swap of
/// each compacted group takes the lock, and is abandoned if retention changed those segments meanwhile.
/// </summary>
public sealed partial class PartitionLog
{
    internal const string CleanerCheckpointFile = "cleaner-offset-checkpoint";

    private long _firstDirtyOffset;
    private int _compacting;

    /// <summary>Runs one compaction pass when the log needs one; returns whether it compacted anything.</summary>
    internal bool CompactIfNeeded(long nowMs)
    {
        var config = _topic.Config;
        if (!config.Compact || Interlocked.Exchange(ref _compacting, 1) != 0)
        {
            return false;
        }

        LogSegment[]? cleanable = null;
        try
        {
            long firstDirty, end, logStart;
            lock (_lock)
            {
                if (_closed || !TryPlanCompaction(config, nowMs, out cleanable, out firstDirty, out end))
                {
                    return false;
                }

                logStart = _logStartOffset;
            }

            using var compactor = new LogCompactor(config, nowMs, logStart);
            end = compactor.BuildOffsetMap(cleanable, firstDirty, end);
            var counts = new CompactionCount(0, 0, 0, 0);
            var groups = GroupForCompaction(cleanable, end, config);
            for (var g = 0; g < groups.Count; g++)
            {
                var group = groups[g];
                var rangeEnd = g + 1 < groups.Count ? groups[g + 1][0].BaseOffset : end;
                var count = compactor.WriteCompacted(group, SegmentSwap.Prepare(Directory));
                if (!TrySwapIn(group, rangeEnd, nowMs))
                {
                    return false;
                }

                counts = new CompactionCount(counts.BytesBefore + count.BytesBefore, counts.BytesAfter + count.BytesAfter, counts.RecordsBefore + count.RecordsBefore, counts.RecordsKept + count.RecordsKept);
            }

            lock (_lock)
            {
                _firstDirtyOffset = end;
                WriteOffsetFile(CleanerCheckpointFile, end);
            }

            StorageLog.Compacted(_logger, Topic, Partition, groups.Sum(g => g.Length), counts.BytesBefore, counts.BytesAfter, counts.RecordsKept, counts.RecordsBefore);
            return true;
        }
        finally
        {
            if (cleanable is not null)
            {
                foreach (var segment in cleanable)
                {
                    segment.Release();
                }
            }

            Volatile.Write(ref _compacting, 0);
        }
    }

    /// <summary>Decides whether to compact and what; on yes, leases the cleanable segments. Under the lock.</summary>
    private bool TryPlanCompaction(TopicConfig config, long nowMs, out LogSegment[] cleanable, out long firstDirty, out long end)
    {
        cleanable = [];
        end = firstDirty = 0;
        var segments = _segments;
        var lagCutoff = nowMs - config.MinCompactionLagMs;
        var count = 0;
        while (count < segments.Length - 1 && (segments[count].IsEmpty || segments[count].MaxTimestamp <= lagCutoff))
        {
            count++;
        }

        if (count == 0)
        {
            return false;
        }

        end = segments[count].BaseOffset;
        firstDirty = Math.Max(_firstDirtyOffset, _logStartOffset);
        if (firstDirty >= end)
        {
            return false;
        }

        long clean = 0, dirty = 0;
        LogSegment? firstDirtySegment = null;
        for (var i = 0; i < count; i++)
        {
            if (segments[i].NextOffset <= firstDirty)
            {
                clean += segments[i].Size;
            }
            else
            {
                dirty += segments[i].Size;
                firstDirtySegment ??= segments[i];
            }
        }

        var overdue = config.MaxCompactionLagMs != long.MaxValue
            && firstDirtySegment is { FirstBatchTimestamp: >= 0 } oldest
            && nowMs - oldest.FirstBatchTimestamp > config.MaxCompactionLagMs;
        if (dirty == 0 || (dirty < config.MinCleanableDirtyRatio * (clean + dirty) && !overdue))
        {
            return false;
        }

        cleanable = segments[..count];
        foreach (var segment in cleanable)
        {
            // Non-active segments in the list are never retired without the lock, which is held here.
            segment.TryAcquire();
        }

        return true;
    }

    /// <summary>
    /// Kafka's groupSegmentsBySize: consecutive segments below <paramref name="end"/> whose sizes add up to at most
    /// segment.bytes and whose offsets stay within an int32 of the first, so each group becomes one segment.
    /// </summary>
    private static List<LogSegment[]> GroupForCompaction(LogSegment[] cleanable, long end, TopicConfig config)
    {
        var groups = new List<LogSegment[]>();
        var current = new List<LogSegment>();
        long size = 0;
        foreach (var segment in cleanable.Where(s => s.BaseOffset < end))
        {
            var fits = current.Count == 0
                || (size + segment.Size <= config.SegmentBytes && segment.NextOffset - current[0].BaseOffset <= int.MaxValue);
            if (!fits)
            {
                groups.Add([.. current]);
                current.Clear();
                size = 0;
            }

            current.Add(segment);
            size += segment.Size;
        }

        if (current.Count > 0)
        {
            groups.Add([.. current]);
        }

        return groups;
    }

    /// <summary>
    /// Replaces <paramref name="group"/> by its compacted copy (see <see cref="SegmentSwap"/>), if the group is
    /// still in the log as planned. Readers holding the old segments finish on them.
    /// </summary>
    private bool TrySwapIn(LogSegment[] group, long rangeEnd, long nowMs)
    {
        lock (_lock)
        {
            var at = Array.IndexOf(_segments, group[0]);
            if (_closed || at < 0 || at + group.Length >= _segments.Length || !_segments.AsSpan(at, group.Length).SequenceEqual(group))
            {
                System.IO.Directory.Delete(SegmentSwap.CleaningDirectory(Directory), recursive: true);
                return false;
            }

            SegmentSwap.Commit(Directory, group[0].BaseOffset, rangeEnd);

            // If opening the copy fails, the old segments stay in the list: their open handles still serve reads
            // until the next start, which loads the copy.
            var config = _topic.Config;
            var compacted = LogSegment.Open(Directory, group[0].BaseOffset, config.SegmentIndexBytes, config.IndexIntervalBytes, nowMs, verifyAll: false, out _, out _);
            compacted.CloseIndexFiles();
            Volatile.Write(ref _segments, [.. _segments[..at], compacted, .. _segments[(at + group.Length)..]]);
            foreach (var old in group)
            {
                old.Retire(deleteFiles: false);
            }

            return true;
        }
    }
}
