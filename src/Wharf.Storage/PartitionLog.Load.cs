using System.Globalization;
using Microsoft.Extensions.Logging;
using Wharf.Storage.Cleaner;
using Wharf.Storage.IO;
using Wharf.Storage.Segments;

namespace Wharf.Storage;

public sealed partial class PartitionLog
{
    private const string SnapshotSuffix = ".snapshot";
    private const int SnapshotsToKeep = 2;

    // A producer state snapshot holds a few dozen bytes per producer; anything this large is not one of ours.
    private const int MaxSnapshotBytes = 256 * 1024 * 1024;

    /// <summary>
    /// Loads a partition written earlier (Kafka's LogLoader). After a clean shutdown each segment's indexes are
    /// checked and only the batches after the last index entry are read. After an unclean one the last segment,
    /// the only one not fsynced when it rolled, is verified batch by batch (sizes, magic, CRC-32C, offsets) and cut
    /// after the last whole valid batch. Indexes that fail their checks are rebuilt from the log. Producer state
    /// comes from the newest usable snapshot plus the batches after it.
    /// </summary>
    internal static PartitionLog Load(TopicLog topic, int partition, string directory, bool cleanShutdown, TimeProvider time, ILogger logger)
    {
        var log = new PartitionLog(topic, partition, directory, time, logger);
        log.LoadSegments(cleanShutdown);
        log.LoadProducerState();
        StorageLog.PartitionLoaded(logger, topic.Name, partition, log._segments.Length, log._logStartOffset, log._logEndOffset, log.Size, log._producers.Count);
        return log;
    }

    private void LoadSegments(bool cleanShutdown)
    {
        if (SegmentSwap.Recover(Directory) is { } swapped)
        {
            StorageLog.SwapCompleted(_logger, Topic, Partition, LogSegment.FileName(swapped, LogSegment.LogSuffix));
        }

        RemoveLeftovers();
        var config = _topic.Config;
        var nowMs = NowMs();
        var baseOffsets = System.IO.Directory.EnumerateFiles(Directory, "*" + LogSegment.LogSuffix)
            .Select(path => LogSegment.TryParseBaseOffset(Path.GetFileName(path), LogSegment.LogSuffix, out var offset) ? offset : -1)
            .Where(offset => offset >= 0)
            .Order()
            .ToList();

        var segments = new List<LogSegment>(baseOffsets.Count + 1);
        try
        {
            for (var i = 0; i < baseOffsets.Count; i++)
            {
                var verifyAll = !cleanShutdown && i == baseOffsets.Count - 1;
                var segment = LogSegment.Open(Directory, baseOffsets[i], config.SegmentIndexBytes, config.IndexIntervalBytes, nowMs, verifyAll, out var indexesRebuilt, out var recovery);
                segments.Add(segment);
                if (recovery.Truncated)
                {
                    StorageLog.TailTruncated(_logger, Topic, Partition, recovery.TruncatedBytes, Path.GetFileName(segment.LogPath), recovery.TruncatedAt, recovery.Describe(), segment.NextOffset);
                }
                else if (indexesRebuilt && !verifyAll)
                {
                    StorageLog.IndexesRebuilt(_logger, Topic, Partition, Path.GetFileName(segment.LogPath));
                }
            }

            var checkpoint = ReadOffsetFile(LogStartCheckpointFile);
            if (segments.Count == 0)
            {
                segments.Add(LogSegment.Create(Directory, Math.Max(checkpoint, 0), config.SegmentIndexBytes, nowMs));
                DirectorySync.Sync(Directory);
            }

            foreach (var inactive in segments.SkipLast(1))
            {
                inactive.CloseIndexFiles();
            }

            _segments = [.. segments];
            _logEndOffset = Active.NextOffset;
            _logStartOffset = Math.Clamp(checkpoint, _segments[0].BaseOffset, _logEndOffset);
            _firstDirtyOffset = Math.Clamp(ReadOffsetFile(CleanerCheckpointFile), _logStartOffset, _logEndOffset);
            if (!cleanShutdown)
            {
                // Make what recovery kept (and cut) durable before anything new is acknowledged on top of it.
                Active.FlushAll();
            }

            _durableEndOffset = _logEndOffset;
        }
        catch
        {
            foreach (var segment in segments)
            {
                segment.Retire(deleteFiles: false);
            }

            throw;
        }
    }

    /// <summary>Removes what an interrupted operation leaves: temporary files and index files whose log is gone.</summary>
    private void RemoveLeftovers()
    {
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory))
        {
            var name = Path.GetFileName(path);
            var orphanIndex =
                (LogSegment.TryParseBaseOffset(name, LogSegment.IndexSuffix, out var offset)
                    || LogSegment.TryParseBaseOffset(name, LogSegment.TimeIndexSuffix, out offset))
                && !File.Exists(LogSegment.PathFor(Directory, offset, LogSegment.LogSuffix));
            if (orphanIndex || name.EndsWith(AtomicFile.TemporarySuffix, StringComparison.Ordinal))
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>An offset persisted in a small file of the partition (log start, cleaner checkpoint); -1 when there is none.</summary>
    private long ReadOffsetFile(string name)
    {
        var content = AtomicFile.ReadAll(Path.Combine(Directory, name), 64);
        if (content is null)
        {
            return -1;
        }

        var text = System.Text.Encoding.ASCII.GetString(content).Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return offset;
        }

        StorageLog.CheckpointIgnored(_logger, Topic, Partition, name, $"'{text}' is not an offset");
        return -1;
    }

    private void WriteOffsetFile(string name, long offset) =>
        AtomicFile.Write(Path.Combine(Directory, name), System.Text.Encoding.ASCII.GetBytes(offset.ToString(CultureInfo.InvariantCulture) + "\n"));

    /// <summary>
    /// Restores the idempotent producers' state: the newest snapshot at or below the log end offset (snapshots
    /// above it describe batches a recovery cut), then every batch after it; with no usable snapshot, every
    /// batch in the log. Batch headers carry producer id, epoch and sequence, so only headers are read.
    /// </summary>
    private void LoadProducerState()
    {
        var start = _segments[0].BaseOffset;
        var loaded = false;
        foreach (var (offset, path) in Snapshots().OrderByDescending(s => s.Offset))
        {
            if (loaded)
            {
                continue;
            }

            if (offset > _logEndOffset)
            {
                StorageLog.SnapshotIgnored(_logger, Topic, Partition, Path.GetFileName(path), "it is past the end of the log");
                File.Delete(path);
                continue;
            }

            if (_producers.TryLoadSnapshot(AtomicFile.ReadAll(path, MaxSnapshotBytes) ?? []))
            {
                loaded = true;
                start = Math.Max(offset, start);
            }
            else
            {
                StorageLog.SnapshotIgnored(_logger, Topic, Partition, Path.GetFileName(path), "it is damaged");
                File.Delete(path);
            }
        }

        foreach (var segment in _segments)
        {
            if (segment.NextOffset > start)
            {
                segment.ForEachBatch(start, (_, header) =>
                {
                    if (header.HasProducerId && !header.IsControl)
                    {
                        _producers.Update(header);
                    }
                });
            }
        }

        _producers.RemoveBelow(_logStartOffset);
    }

    private List<(long Offset, string Path)> Snapshots() =>
        System.IO.Directory.EnumerateFiles(Directory, "*" + SnapshotSuffix)
            .Select(path => (Offset: LogSegment.TryParseBaseOffset(Path.GetFileName(path), SnapshotSuffix, out var offset) ? offset : -1, Path: path))
            .Where(s => s.Offset >= 0)
            .ToList();

    /// <summary>Writes the producer state as of <paramref name="offset"/> and keeps only the newest snapshots. Under the lock.</summary>
    private void WriteProducerSnapshot(long offset)
    {
        AtomicFile.Write(LogSegment.PathFor(Directory, offset, SnapshotSuffix), _producers.ToSnapshot());
        foreach (var (_, path) in Snapshots().OrderByDescending(s => s.Offset).Skip(SnapshotsToKeep))
        {
            File.Delete(path);
        }
    }
}
